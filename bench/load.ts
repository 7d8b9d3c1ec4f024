import { fork, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MINUTE, HOUR } from '../src/clock.ts';
import { newId } from '../src/ids.ts';
import { openDatabase, type Db } from '../src/store/db.ts';
import { upsertPerson } from '../src/store/people.ts';
import { insertRequest, updateRequest } from '../src/store/requests.ts';
import { ACK_IDS } from '../views/acknowledgment.ts';
import { REVIEW_IDS } from '../views/access-review.ts';
import { REQUEST_IDS } from '../views/requests.ts';
import type { BenchChildMessage, BenchParentMessage, BotStats } from './bot-process.ts';
import { RemoteDouble } from './remote-double.ts';
import { percentile, round, type BenchResult } from './report.ts';

const SECRET = 'bench-signing-secret';
const PD_SECRET = 'bench-pagerduty-secret';
const ADMIN = 'U0ADMIN001';
const REVIEWER = 'U0REVIEW01';
const START = new Date('2026-12-15T15:00:00.000Z');
/** The share of each interaction in the mix: people signing and opening requests most, an admin's status, App Home, a reviewer's choices, a few webhooks. */
const MIX = { submit: 30, open: 20, decide: 15, status: 15, home: 15, webhook: 5 };
/** The lanes start one after another over this long, unmeasured: a warm bot with its connections open. */
const RAMP_SECONDS = 5;
/** Slack's ack deadline: an answer later than this is an error, whatever its status. */
const DEADLINE_MS = 3_000;

const YAML = `
organization: Example Inc.
admins: [${ADMIN}]
complianceChannel: C0COMPLIAN
policies:
  - { id: infosec, name: Information Security Policy, version: "2026.1", url: "https://intranet.example.com/infosec" }
systems:
  - id: github
    name: GitHub
    reviewers: [${REVIEWER}]
    connector: { type: file, path: exports/github.csv }
incidents:
  channel: C0INCIDENT
  pagerdutyUsers: { PUSER01: U0ONCALL01 }
`;

function person(id: string, n: number) {
  return { id, name: `Load Person ${n}`, email: `load${n}@example.com`, tz: 'UTC', isBot: false, deleted: false, isRestricted: false };
}

/**
 * Open acknowledgment requests to sign (asked an hour ago), and requests whose reminders fall
 * due a minute at a time during the run, so the sweep has work on every tick.
 */
function prepare(db: Db, signable: number, reminders: number): { signers: { userId: string; requestId: string }[]; people: string[] } {
  const payload = { period: '2026', policies: [{ id: 'infosec', name: 'Information Security Policy', version: '2026.1', url: 'https://intranet.example.com/infosec' }], training: null, reason: 'load bench' };
  const asked = new Date(START.getTime() - HOUR);
  const signers: { userId: string; requestId: string }[] = [];
  const people: string[] = [ADMIN, REVIEWER, 'U0ONCALL01'];
  db.transaction(() => {
    people.forEach((id, n) => upsertPerson(db, person(id, n), asked));
    for (let i = 0; i < signable + reminders; i += 1) {
      const userId = `W${String(i).padStart(9, '0')}`;
      const requestId = newId();
      people.push(userId);
      upsertPerson(db, person(userId, i), asked);
      insertRequest(db, { id: requestId, kind: 'acknowledgment', subject: `load-person-${i}`, title: 'Policy acknowledgment 2026', controls: ['CC1.4', 'CC2.2'], assignee: userId, dedupeKey: `load:${requestId}`, payload, dueAt: '2026-12-22T15:00:00.000Z' }, asked);
      if (i < signable) {
        updateRequest(db, requestId, { asked_at: asked.toISOString(), next_action_at: '2027-01-01T00:00:00.000Z' });
        signers.push({ userId, requestId });
      } else {
        // Asked two days ago: the 48-hour reminder falls due during the run.
        const due = new Date(START.getTime() + ((i - signable) % 60) * MINUTE);
        updateRequest(db, requestId, { asked_at: new Date(due.getTime() - 48 * HOUR).toISOString(), next_action_at: due.toISOString() });
      }
    }
  })();
  return { signers, people };
}

function accountsCsv(count: number): string {
  const lines = ['id,email,name,roles,status,last_login'];
  for (let i = 0; i < count; i += 1) lines.push(`u${String(i).padStart(4, '0')},user${i}@example.com,User ${i},${i % 25 === 0 ? 'admin' : 'member'},active,2026-11-0${(i % 9) + 1}T10:00:00Z`);
  return `${lines.join('\n')}\n`;
}

/** Where the bot's replies to response URLs go: an endpoint that takes them, as Slack's does. */
async function responseUrlSink(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/respond`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The bot in a child process, driven over IPC. */
class BotProcess {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (stats: BotStats) => void; reject: (error: Error) => void }>();
  errorLines = 0;
  logLines = 0;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: BenchChildMessage) => {
      if (message.type !== 'done') return;
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.stats!);
    });
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      this.logLines += lines.length;
      this.errorLines += lines.filter((line) => line.includes('"level":"error"')).length;
    });
  }

  static async start(options: { env: Record<string, string>; dir: string; at: string }): Promise<{ bot: BotProcess; port: number }> {
    const child = fork(path.join(import.meta.dirname, 'bot-process.ts'), [JSON.stringify(options)], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_BOT_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_BOT_PROFILE}`] : [])], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const bot = new BotProcess(child);
    const ready = await new Promise<BenchChildMessage>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`the bot process exited (${code}) before it was ready`)));
    });
    if (ready.type !== 'ready') throw new Error(`unexpected message from the bot process: ${JSON.stringify(ready)}`);
    return { bot, port: ready.port };
  }

  ask(message: { type: 'tick'; at: string } | { type: 'settle' } | { type: 'stats'; reset?: boolean } | { type: 'stop' }): Promise<BotStats> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...message, id } as BenchParentMessage);
    });
  }

  async stop(): Promise<BotStats> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    const stats = await this.ask({ type: 'stop' });
    await exited;
    return stats;
  }
}

async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Outcome {
  kind: string;
  ms: number;
  status: number;
}

/**
 * `npm run bench -- load`: `concurrency` interactions at once (200 by default) for `seconds`
 * (60; BENCH_LOAD_SECONDS for a quick run) against the bot's HTTP receiver on 127.0.0.1, while the
 * bench wakes it every second as the minute cron would (sweep, filing, uploading). The load
 * generator and the Slack double run on threads of the bench process; the bot runs in a process
 * of its own, so its peak RSS is its own.
 */
export async function benchLoad(options: { seconds?: number; concurrency?: number } = {}): Promise<BenchResult[]> {
  const seconds = options.seconds ?? Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  const concurrency = options.concurrency ?? Number(process.env.BENCH_LOAD_CONCURRENCY ?? 200);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-load-'));
  const double = await RemoteDouble.start({ frozenAt: Date.now() });
  const responses = await responseUrlSink();
  let bot: BotProcess | null = null;
  let db: Db | null = null;
  try {
    writeFileSync(path.join(dir, 'evidence.config.yaml'), YAML);
    mkdirSync(path.join(dir, 'exports'));
    writeFileSync(path.join(dir, 'exports', 'github.csv'), accountsCsv(500));
    db = openDatabase(path.join(dir, 'evidence.db'));
    // Enough to sign for the whole run at the rates this machine reaches, with room to spare.
    const { signers, people } = prepare(db, Math.max(4_000, seconds * 500), 3_000);
    await double.addUsers(people);
    await double.addChannel({ id: 'C0COMPLIAN', name: 'compliance' });
    await double.addChannel({ id: 'C0INCIDENT', name: 'incidents' });

    const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: double.apiUrl, PAGERDUTY_WEBHOOK_SECRET: PD_SECRET, EVIDENCE_CONFIG: path.join(dir, 'evidence.config.yaml'), EVIDENCE_DB: path.join(dir, 'evidence.db'), EVIDENCE_DIR: path.join(dir, 'evidence'), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' };
    const started = await BotProcess.start({ env, dir, at: START.toISOString() });
    bot = started.bot;
    const url = `http://127.0.0.1:${started.port}`;

    // The admin starts a 500-account review over signed HTTP; the reviewer's choices are part of the mix.
    const command = new URLSearchParams({ token: 'x', team_id: 'T0000001', team_domain: 'bench', channel_id: 'C0COMPLIAN', channel_name: 'compliance', user_id: ADMIN, user_name: 'admin', command: '/evidence', text: 'review github', api_app_id: 'A0000001', response_url: responses.url, trigger_id: '1.2.3' }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const reply = await fetch(`${url}/slack/events`, { method: 'POST', body: command, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${command}`).digest('hex')}` } });
    if (reply.status !== 200) throw new Error(`/evidence review github answered ${reply.status}`);
    const reviewRequest = await waitFor(() => db!.prepare("SELECT id FROM requests WHERE kind = 'access-review'").pluck().get() as string | undefined, 'the review request');

    // One trigger_id per click, minted by the double as Slack mints one when a person clicks.
    const openerCount = Math.max(3_000, (seconds + RAMP_SECONDS) * 350);
    const openerUsers = Array.from({ length: openerCount }, (_, n) => signers[n % signers.length]!);
    const triggers = await double.triggers(openerUsers.map((signer) => signer.userId));
    const openers = openerUsers.map((signer, n) => ({ ...signer, triggerId: triggers[n]!, channel: `D${signer.userId.slice(1)}` }));

    const atRest = await bot.ask({ type: 'stats' });
    // The minute cron, a minute of bot time every second, fired whether or not the last tick is done.
    let ticks = 0;
    let ticksDone = 0;
    let peak = 0;
    const tickResults: Promise<void>[] = [];
    const fire = (): void => {
      ticks += 1;
      tickResults.push(
        bot!.ask({ type: 'tick', at: new Date(START.getTime() + ticks * MINUTE).toISOString() }).then((stats) => {
          ticksDone += 1;
          peak = Math.max(peak, stats.maxRssBytes);
        }),
      );
    };
    fire();
    const cron = setInterval(fire, 1_000);
    const worker = new Worker(new URL('./interaction-worker.mjs', import.meta.url), {
      workerData: {
        url,
        responseUrl: responses.url,
        secret: SECRET,
        pdSecret: PD_SECRET,
        concurrency,
        rampSeconds: RAMP_SECONDS,
        seconds,
        ids: { teamId: 'T0000001', appId: 'A0000001', botUserId: 'UBOT000001' },
        blockIds: { ackCallback: ACK_IDS.callbackId, ackPoliciesPrefix: ACK_IDS.policiesBlockPrefix, ackPoliciesAction: ACK_IDS.policiesAction, reviewCallback: REVIEW_IDS.callbackId, decisionAction: REVIEW_IDS.decisionAction, accountPrefix: REVIEW_IDS.accountBlockPrefix, openPrefix: REQUEST_IDS.openActionPrefix, openBlock: REQUEST_IDS.openBlock },
        admin: ADMIN,
        signers,
        openers,
        review: { userId: REVIEWER, requestId: reviewRequest, accounts: 500 },
        homeUsers: people.slice(0, 500),
        mix: MIX,
      },
    });
    // Loop delay is measured over the measured part only.
    setTimeout(() => void bot!.ask({ type: 'stats', reset: true }), RAMP_SECONDS * 1000).unref();
    const load = await new Promise<{ results: Outcome[]; warmup: number; seconds: number; signed: number; signedOk: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    clearInterval(cron);
    const drainStarted = performance.now();
    const loop = await bot.ask({ type: 'stats' });
    const runTicks = ticks;
    const runTicksDone = ticksDone;
    const remindersDue = 50 * Math.min(60, runTicks + 1);
    const remindersSent = await double.okCalls('chat.postMessage', 'Reminder:');
    const count = (sql: string) => db!.prepare(sql).pluck().get() as number;
    // Where filing stood the moment the load stopped.
    const filedByEnd = count("SELECT COUNT(*) FROM artifacts WHERE kind = 'acknowledgment'");
    const uploadedByEnd = count("SELECT COUNT(DISTINCT artifact_seq) FROM outbox o JOIN artifacts a ON a.seq = o.artifact_seq WHERE a.kind = 'acknowledgment' AND o.uploaded_at IS NOT NULL");

    const signedOk = load.signedOk;
    const answered = count("SELECT COUNT(*) FROM requests WHERE state = 'answered' AND assignee LIKE 'W%'");

    // After the load: wake the bot until every signature is filed and stored.
    await Promise.all(tickResults);
    for (;;) {
      ticks += 1;
      await bot.ask({ type: 'tick', at: new Date(START.getTime() + ticks * MINUTE).toISOString() });
      await bot.ask({ type: 'settle' });
      if (count('SELECT COUNT(*) FROM artifact_jobs') + count('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL') === 0) break;
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const final = await bot.stop();
    bot = null;
    peak = Math.max(peak, final.maxRssBytes);
    const filed = count("SELECT COUNT(*) FROM artifacts WHERE kind = 'acknowledgment'");
    if (answered < signedOk || filed !== answered) throw new Error(`${signedOk} signatures were answered 200, ${answered} are recorded and ${filed} filed: something was lost`);

    const all = load.results;
    const sorted = all.map((outcome) => outcome.ms).sort((a, b) => a - b);
    const errors = all.filter((outcome) => outcome.status !== 200 || outcome.ms > DEADLINE_MS);
    const byKind = (kind: string) => all.filter((outcome) => outcome.kind === kind).map((outcome) => outcome.ms).sort((a, b) => a - b);
    const label = `load, ${concurrency} concurrent for ${seconds} s`;
    return [
      { name: `${label}: ack p50`, value: round(percentile(sorted, 50)), unit: 'ms' },
      { name: `${label}: ack p99`, value: round(percentile(sorted, 99)), unit: 'ms', target: '< 3,000 ms' },
      { name: `${label}: ack max`, value: round(sorted.at(-1) ?? 0), unit: 'ms' },
      { name: `${label}: interactions answered`, value: all.length, unit: 'requests' },
      { name: `${label}: throughput`, value: round(all.length / load.seconds), unit: 'requests/s' },
      { name: `${label}: errors (non-200 or over 3 s)`, value: errors.length, unit: 'requests', target: '0' },
      ...Object.keys(MIX).map((kind) => {
        const samples = byKind(kind);
        // The count stays out of the name: results.json merges by name, and a count in it piled up a row per run.
        return { name: `${label}: ${kind} p99`, value: round(percentile(samples, 99)), unit: 'ms' };
      }),
      { name: `${label}: RSS of the bot process before the load (started, 500-account review open)`, value: round(atRest.rssBytes / 1_048_576, 1), unit: 'MB' },
      { name: `${label}: peak RSS of the bot process`, value: round(peak / 1_048_576, 1), unit: 'MB' },
      { name: `${label}: bot event loop delay p99`, value: round(loop.loopDelayP99Ms), unit: 'ms' },
      { name: `${label}: bot event loop delay max`, value: round(loop.loopDelayMaxMs), unit: 'ms' },
      { name: `${label}: signatures recorded`, value: answered, unit: 'signatures' },
      { name: `${label}: of those, filed by the end of the run`, value: filedByEnd, unit: 'artifacts' },
      { name: `${label}: of those, uploaded by the end of the run`, value: uploadedByEnd, unit: 'artifacts' },
      { name: `${label}: filing and upload backlog drained after the load stopped, in`, value: round(drainSeconds), unit: 's' },
      // A tick is done when its filing is: each minute's chase runs alone, but filing yields to acks
      // under a storm, so few ticks finish before the storm ends (the reminders row shows the chases).
      { name: `${label}: ticks fired during the run (one a second) / whose filing finished during the run`, value: runTicks, unit: `ticks / ${runTicksDone}` },
      { name: `${label}: reminders the sweep sent during the run / due`, value: remindersSent, unit: `reminders / ${remindersDue}` },
      { name: `${label}: error lines in the bot's log`, value: started.bot.errorLines, unit: 'lines' },
    ];
  } finally {
    if (bot) await bot.stop().catch(() => undefined);
    db?.close();
    await double.close();
    await responses.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
