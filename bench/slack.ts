import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, HTTPReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { startBot, type Bot } from '../src/bot.ts';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { sweep } from '../src/flows/escalation.ts';
import { createServices } from '../src/services.ts';
import { silentLogger } from '../src/logger.ts';
import { RemoteDouble } from './remote-double.ts';
import { webSlackPort } from '../src/slack/web-port.ts';
import { LocalSink } from '../src/evidence/sinks/local.ts';
import { openDatabase, type Db } from '../src/store/db.ts';
import { upsertPerson } from '../src/store/people.ts';
import { insertRequest, updateRequest } from '../src/store/requests.ts';
import { newId } from '../src/ids.ts';
import { ACK_IDS } from '../views/acknowledgment.ts';
import { generateYear } from '../test/fixtures/year.ts';
import { round, stats, withFloor, type BenchResult } from './report.ts';
import { bareDurableBolt } from './bare-durable.ts';
import { LoadGenerator, type LoadRun, type Prepared } from './load-generator.ts';

const SECRET = 'bench-signing-secret';
const CONCURRENCY = 50;
const REQUESTS = 10_000;

const YAML = `
admins: [U0ADMIN001]
policies:
  - { id: infosec, name: Information Security Policy, version: "2026.1", url: "https://intranet.example.com/infosec" }
`;

function signed(body: string): Prepared {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature } };
}

function statusCommand(): Prepared {
  return signed(
    new URLSearchParams({ token: 'x', team_id: 'T0000001', team_domain: 'example', channel_id: 'C0000001', channel_name: 'general', user_id: 'U0ADMIN001', user_name: 'admin', command: '/evidence', text: 'status', api_app_id: 'A0000001', response_url: 'http://127.0.0.1:9/none', trigger_id: '1.2.3' }).toString(),
  );
}

export function submission(userId: string, requestId: string): Prepared {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0000001', domain: 'example' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: 'T0000001' },
    api_app_id: 'A0000001',
    token: 'x',
    trigger_id: '1.2.3',
    view: {
      id: `V${requestId.toUpperCase()}`,
      team_id: 'T0000001',
      type: 'modal',
      callback_id: ACK_IDS.callbackId,
      private_metadata: JSON.stringify({ requestId }),
      hash: '1.abc',
      state: { values: { [`${ACK_IDS.policiesBlockPrefix}0`]: { [ACK_IDS.policiesAction]: { type: 'checkboxes', selected_options: [{ value: 'infosec@2026.1' }] } } } },
    },
  };
  return signed(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
}

/** The floor: Bolt with the same receiver and app settings as the bot (no conversation store), whose listeners only ack. */
async function bareBolt(): Promise<{ url: string; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', processBeforeResponse: false, logger: silentLogger() });
  const app = new App({ receiver, token: 'xoxb-bench', botId: 'B0000001', botUserId: 'UBOT000001', tokenVerificationEnabled: false, convoStore: false, logger: silentLogger() });
  app.command('/evidence', async ({ ack }) => ack());
  app.view(ACK_IDS.callbackId, async ({ ack }) => ack());
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`, stop: () => app.stop() as Promise<void> };
}

export async function startBenchBot(dir: string, double: RemoteDouble): Promise<Bot> {
  writeFileSync(path.join(dir, 'evidence.config.yaml'), YAML);
  const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: double.apiUrl, EVIDENCE_CONFIG: path.join(dir, 'evidence.config.yaml'), EVIDENCE_DB: path.join(dir, 'evidence.db'), EVIDENCE_DIR: path.join(dir, 'evidence'), HOST: '127.0.0.1', PORT: '0' };
  return startBot({ config: loadConfig(env, dir), clock: new ManualClock('2026-12-15T15:00:00Z'), logger: silentLogger(), cron: false });
}

/** Open acknowledgment requests, one per synthetic person, ready to be signed. */
export function openRequests(bot: Bot, count: number): { userId: string; requestId: string }[] {
  const db = bot.db;
  const at = new Date('2026-12-15T14:00:00Z');
  const payload = { period: '2026', policies: [{ id: 'infosec', name: 'Information Security Policy', version: '2026.1', url: 'https://intranet.example.com/infosec' }], training: null, reason: 'bench' };
  const made: { userId: string; requestId: string }[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const userId = `W${String(i).padStart(9, '0')}`;
      const requestId = newId();
      upsertPerson(db, { id: userId, name: `Bench Person ${i}`, email: `bench${i}@example.com`, tz: 'UTC', isBot: false, deleted: false, isRestricted: false }, at);
      insertRequest(db, { id: requestId, kind: 'acknowledgment', subject: `bench-person-${i}`, title: 'Policy acknowledgment 2026', controls: ['CC1.4', 'CC2.2'], assignee: userId, dedupeKey: `bench:${requestId}`, payload, dueAt: '2026-12-22T14:00:00.000Z' }, at);
      updateRequest(db, requestId, { asked_at: at.toISOString(), next_action_at: '2027-01-01T00:00:00.000Z' });
      made.push({ userId, requestId });
    }
  })();
  return made;
}

function answeredBenchRequests(db: Db): number {
  return db.prepare("SELECT COUNT(*) FROM requests WHERE state = 'answered' AND assignee LIKE 'W%'").pluck().get() as number;
}

/** Waits until every signed answer is filed and uploaded, and the status report drawn again. */
export async function settle(bot: Bot): Promise<void> {
  await bot.services.background.idle();
  await bot.services.tick();
  await bot.services.statusRedrawn();
}

/** Latencies and busy time of the rounds sent to one server. */
class Series {
  readonly ms: number[] = [];
  errors = 0;
  requests = 0;
  seconds = 0;
  serverBusyMs = 0;
  clientBusyMs = 0;

  add(run: LoadRun): void {
    this.ms.push(...run.ms);
    this.errors += run.errors;
    this.requests += run.ms.length;
    this.seconds += run.seconds;
    this.serverBusyMs += run.serverBusyMs;
    this.clientBusyMs += run.clientBusyMs;
  }

  /** Main-thread milliseconds per request. */
  serverCpu(): number {
    return this.serverBusyMs / this.requests;
  }

  /** Share of the rounds the load generator's thread was busy. */
  clientShare(): number {
    return this.clientBusyMs / (this.seconds * 1000);
  }
}

/**
 * Runs `work` with the bot's recording made free: every signature is answered as if already
 * recorded and nothing is written. The ack then costs what Bolt, the routing and the validation
 * cost: the best a writer thread could give if it had a core of its own.
 */
async function withoutRecording<T>(bot: Bot, work: () => Promise<T>): Promise<T> {
  const writer = bot.services.deps.writer;
  const real = writer.run;
  writer.run = (<R>() => Promise.resolve({ kind: 'duplicate', requestId: 'not-recorded' } as R)) as typeof real;
  try {
    return await work();
  } finally {
    writer.run = real;
  }
}

export async function benchAckLatency(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-ack-'));
  const double = await RemoteDouble.start();
  const bot = await startBenchBot(dir, double);
  const floor = await bareBolt();
  const generator = new LoadGenerator(CONCURRENCY);
  const load = (url: string, requests: Prepared[]): Promise<LoadRun> => generator.run(url, requests);
  let durableFloor: Awaited<ReturnType<typeof bareDurableBolt>> | null = null;
  try {
    generateYear(bot.db);
    const url = `http://127.0.0.1:${bot.port}/slack/events`;
    const statuses = Array.from({ length: REQUESTS }, statusCommand);
    const people = openRequests(bot, REQUESTS + 200);
    const submissions = people.map((p) => submission(p.userId, p.requestId));
    durableFloor = await bareDurableBolt(SECRET, bot.db.name, dir);
    await load(floor.url, statuses.slice(0, 200));
    await load(floor.url, submissions.slice(REQUESTS));
    await load(durableFloor.url, submissions.slice(REQUESTS));
    await withoutRecording(bot, () => load(url, submissions.slice(REQUESTS)));
    // Signatures and status requests in turn, three times: the status report's cost is known after
    // three drawings (until then it is drawn at once after a write), as in a bot that has run a while.
    const WARM_UPS = 3;
    const warmUp = 200 / WARM_UPS;
    for (let w = 0; w < WARM_UPS; w += 1) {
      await load(url, submissions.slice(REQUESTS + Math.round(w * warmUp), REQUESTS + Math.round((w + 1) * warmUp)));
      await settle(bot);
      await load(url, statuses.slice(Math.round(w * warmUp), Math.round((w + 1) * warmUp)));
      await bot.services.statusRedrawn();
    }
    // Rounds alternate between the floors and the bot, so all see the machine in the same state
    // (its speed drifts over a minute), and their order turns each time: the first round after the
    // bot has filed a batch shares the machine with what that left behind (the kernel writing the
    // files out, the collection of the garbage), so no server is always the one to follow it.
    // All servers share this process: after each of the bot's rounds, it finishes filing what it
    // was given and redraws its status report before the next round starts, so none of that is
    // charged to a floor.
    // The round without recording signs nothing, so the bot's round after it signs the same
    // requests with the same bodies.
    const ROUNDS = 10;
    const per = REQUESTS / ROUNDS;
    const floorStatus = new Series();
    const ourStatus = new Series();
    const floorSubmit = new Series();
    const durableSubmit = new Series();
    const freeSubmit = new Series();
    const ourSubmit = new Series();
    let drainSeconds = 0;
    for (let r = 0; r < ROUNDS; r += 1) {
      const round = <T>(items: T[]) => items.slice(r * per, (r + 1) * per);
      const inTurn = <T>(steps: T[]): T[] => (r % 2 === 0 ? steps : [...steps].reverse());
      const statusSteps = [
        async () => floorStatus.add(await load(floor.url, round(statuses))),
        async () => {
          ourStatus.add(await load(url, round(statuses)));
          // A report found out of date is drawn again in the bot's next lull: that lull is here.
          await bot.services.statusRedrawn();
        },
      ];
      const submitSteps = [
        async () => floorSubmit.add(await load(floor.url, round(submissions))),
        async () => durableSubmit.add(await load(durableFloor!.url, round(submissions))),
        async () => {
          freeSubmit.add(await withoutRecording(bot, () => load(url, round(submissions))));
          ourSubmit.add(await load(url, round(submissions)));
          const drainStarted = performance.now();
          await settle(bot);
          drainSeconds = Math.max(drainSeconds, (performance.now() - drainStarted) / 1000);
        },
      ];
      for (const step of [...inTurn(statusSteps), ...inTurn(submitSteps)]) await step();
    }
    const answered = answeredBenchRequests(bot.db);
    const filed = bot.db.prepare("SELECT COUNT(*) FROM artifacts a JOIN requests r ON r.id = a.request_id WHERE r.assignee LIKE 'W%'").pluck().get() as number;
    if (answered !== REQUESTS + 200 || filed !== REQUESTS + 200) throw new Error(`expected ${REQUESTS + 200} signed and filed, got ${answered} answered and ${filed} filed`);
    const floorAnswered = answeredBenchRequests(durableFloor.db);
    if (floorAnswered !== REQUESTS + 200) throw new Error(`the durable floor recorded ${floorAnswered} of ${REQUESTS + 200} signatures`);

    const s = stats(ourStatus.ms);
    const fs = stats(floorStatus.ms);
    const v = stats(ourSubmit.ms);
    const fv = stats(floorSubmit.ms);
    const dv = stats(durableSubmit.ms);
    const free = stats(freeSubmit.ms);
    const durableName = `view submission ack beside bare Bolt + bare better-sqlite3 recording it (synchronous=FULL, a transaction each), ${CONCURRENCY} concurrent`;
    const freeName = `view submission ack with the bot's recording made free (nothing written: the best a writer thread with a core of its own could give), ${CONCURRENCY} concurrent`;
    return [
      withFloor(`/evidence status ack, ${CONCURRENCY} concurrent: p50`, s.median, 'ms', fs.median),
      withFloor(`/evidence status ack, ${CONCURRENCY} concurrent: p99`, s.p99, 'ms', fs.p99, 'p99 ratio ≤ 1.25'),
      withFloor(`view submission ack (signed, recorded), ${CONCURRENCY} concurrent: p50`, v.median, 'ms', fv.median),
      withFloor(`view submission ack (signed, recorded), ${CONCURRENCY} concurrent: p99`, v.p99, 'ms', fv.p99, 'p99 ratio ≤ 1.25'),
      withFloor(`${durableName}: p50`, v.median, 'ms', dv.median),
      withFloor(`${durableName}: p99`, v.p99, 'ms', dv.p99),
      withFloor(`${freeName}: p50`, free.median, 'ms', fv.median),
      withFloor(`${freeName}: p99`, free.p99, 'ms', fv.p99),
      withFloor('main-thread CPU per status ack', ourStatus.serverCpu(), 'ms', floorStatus.serverCpu(), undefined, 3),
      withFloor('main-thread CPU per submission ack, recorded', ourSubmit.serverCpu(), 'ms', floorSubmit.serverCpu(), undefined, 3),
      withFloor('main-thread CPU per submission ack, recording made free', freeSubmit.serverCpu(), 'ms', floorSubmit.serverCpu(), undefined, 3),
      withFloor('main-thread CPU per submission ack, bare Bolt + bare better-sqlite3', durableSubmit.serverCpu(), 'ms', floorSubmit.serverCpu(), undefined, 3),
      { name: "load generator's thread busy during bare Bolt's submission rounds", value: round(100 * floorSubmit.clientShare()), unit: '%' },
      { name: "load generator's thread busy during the bot's submission rounds", value: round(100 * ourSubmit.clientShare()), unit: '%' },
      { name: 'ack benchmarks: non-200 answers', value: [floorStatus, ourStatus, floorSubmit, durableSubmit, freeSubmit, ourSubmit].reduce((sum, series) => sum + series.errors, 0), unit: 'requests' },
      { name: `filing still queued when a round of ${per} submissions ended: time to drain (the longest of ${ROUNDS})`, value: round(drainSeconds), unit: 's' },
    ];
  } finally {
    await generator.close();
    await durableFloor?.stop();
    await floor.stop();
    await bot.stop();
    await double.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchStatusTime(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-status-'));
  const double = await RemoteDouble.start();
  const bot = await startBenchBot(dir, double);
  try {
    const { artifacts, requests } = generateYear(bot.db);
    for (let i = 0; i < 20; i += 1) bot.services.status();
    const ms: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const t0 = performance.now();
      bot.services.status();
      ms.push(performance.now() - t0);
    }
    const figures = stats(ms);
    return [{ name: `/evidence status server time, a year for 500 people (${artifacts} artifacts, ${requests} requests): median`, value: round(figures.median), unit: 'ms', target: '< 50 ms' }, { name: '/evidence status server time: p99', value: round(figures.p99), unit: 'ms' }];
  } finally {
    await bot.stop();
    await double.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSweep(count = 10_000): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-sweep-'));
  const double = await RemoteDouble.start();
  try {
    const db = openDatabase(path.join(dir, 'evidence.db'));
    const clock = new ManualClock('2026-07-06T15:00:00Z');
    const settings = loadConfig({ EVIDENCE_CONFIG: undefined }, dir).settings;
    const client = new WebClient('xoxb-test-token', { slackApiUrl: double.apiUrl, logger: silentLogger() });
    const services = createServices({ db, sink: new LocalSink(path.join(dir, 'evidence')), slack: webSlackPort({ client }), clock, logger: silentLogger(), settings });
    services.deps.kinds.register({ kind: 'bench', buttonLabel: 'Open', askMessage: (request) => ({ text: `Please look at ${request.title}` }), open: async () => undefined });
    const users = 500;
    await double.addUsers(Array.from({ length: users }, (_, u) => `U${String(u).padStart(9, '0')}`));
    db.transaction(() => {
      for (let i = 0; i < count; i += 1) {
        insertRequest(db, { id: newId(), kind: 'bench', subject: `item-${i}`, title: `Item ${i}`, controls: ['CC1.4'], assignee: `U${String(i % users).padStart(9, '0')}`, dedupeKey: `bench:${i}`, payload: {}, dueAt: '2026-07-13T15:00:00.000Z' }, clock.now());
      }
    })();
    const t0 = performance.now();
    const result = await sweep(services.deps);
    const seconds = (performance.now() - t0) / 1000;
    const sent = await double.okCalls('chat.postMessage');
    db.close();
    if (sent !== count || result.asked !== count) throw new Error(`expected ${count} sends, the double saw ${sent} and the sweep reported ${result.asked}`);
    return [
      { name: `sweep of ${count} due timers against the Slack double`, value: round(seconds), unit: 's' },
      { name: 'sweep: messages the double received', value: sent, unit: 'messages' },
      { name: 'sweep: throughput', value: round(count / seconds), unit: 'messages/s' },
    ];
  } finally {
    await double.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
