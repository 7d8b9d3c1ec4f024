import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.ts';
import { LocalSink } from '../../src/evidence/sinks/local.ts';
import { startS3Double, type S3Double } from '../helpers/s3.ts';
import { SCENARIOS } from './flows/index.ts';
import type { FlowScenario } from './flows/scenario.ts';
import { startInProcess } from './support/bot-under-test.ts';
import { evidenceProblems, takeCensus } from './support/census.ts';
import { OutageSink } from './support/outage-sink.ts';
import { reportFigures } from './support/report.ts';
import { backlog, runScenario, sendUntilDone } from './support/run.ts';

const SIZE = 4;
/** The uploader's longest wait between attempts is 15 minutes: once back, the store is tried again within it. */
const DRAIN_LIMIT_MINUTES = 16;

const doubles: S3Double[] = [];
afterEach(async () => {
  for (const double of doubles.splice(0)) await double.stop();
});

const figures: Record<string, string | number>[] = [];
afterAll(() => reportFigures('sink-outage', figures));

interface Store {
  name: string;
  env: Record<string, string>;
  sink?: (env: Record<string, string>) => OutageSink;
  down(): Promise<void>;
  up(): Promise<void>;
  /** How many times each key was written to the store. */
  writes(): Map<string, number>;
}

/** The local write-once folder, behind a switch. */
function localStore(): Store {
  let sink: OutageSink | null = null;
  return {
    name: 'local folder',
    env: {},
    sink: (env) => (sink = new OutageSink(new LocalSink(env.EVIDENCE_DIR!))),
    down: async () => void (sink!.down = true),
    up: async () => void (sink!.down = false),
    writes: () => sink!.stored,
  };
}

/** s3rver over HTTP, reached by the bot's own S3 sink from its environment; the server is stopped and started again. */
async function s3Store(): Promise<Store> {
  const s3 = await startS3Double();
  doubles.push(s3);
  return {
    name: 'S3 (s3rver)',
    env: { EVIDENCE_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
    down: () => s3.stop(),
    up: () => s3.start(),
    writes: () => {
      const counts = new Map<string, number>();
      for (const request of s3.requests) {
        if (request.method !== 'PUT') continue;
        const key = decodeURIComponent(new URL(request.url, s3.endpoint).pathname).slice(`/${s3.bucket}/`.length);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
  };
}

async function outage(scenario: FlowScenario, store: Store): Promise<void> {
  const { bot } = await startInProcess(scenario.setup(SIZE), { env: store.env, ...(store.sink ? { sink: store.sink } : {}) });
  let downAt = 0;
  // The store goes down just before the first person signs, and stays down for an hour.
  const run = await runScenario(bot, scenario, SIZE, async (delivery) => {
    if (!downAt && delivery.requestId) {
      await store.down();
      downAt = bot.now().getTime();
    }
    await sendUntilDone(delivery);
  });
  while (bot.now().getTime() < downAt + HOUR) {
    await bot.advance(MINUTE);
    await bot.tick();
  }
  await bot.settle();

  // An hour later: every signature filed in the ledger, every object waiting in SQLite, none lost.
  const filedDuring = bot.db.prepare('SELECT COUNT(DISTINCT artifact_seq) FROM outbox WHERE uploaded_at IS NULL').pluck().get() as number;
  const waiting = bot.db.prepare('SELECT COUNT(*) AS objects, MIN(attempts) AS fewest, MAX(attempts) AS most, SUM(body IS NOT NULL) AS bodies FROM outbox WHERE uploaded_at IS NULL').get() as { objects: number; fewest: number; most: number; bodies: number };
  const census = await takeCensus(bot, scenario.kinds, { sink: false });
  expect(census.responses).toBe(run.signed.size);
  expect(census.artifacts).toBe(census.responses);
  expect(backlog(bot).jobs).toBe(0);
  expect(filedDuring).toBeGreaterThanOrEqual(census.responses);
  expect(waiting.objects).toBeGreaterThanOrEqual(filedDuring);
  expect(waiting.bodies).toBe(waiting.objects);
  expect(waiting.fewest).toBeGreaterThan(0);

  await store.up();
  const backAt = bot.now().getTime();
  while (backlog(bot).outbox > 0 && bot.now().getTime() - backAt < DRAIN_LIMIT_MINUTES * MINUTE) {
    await bot.advance(MINUTE);
    await bot.tick();
  }
  const drainMinutes = (bot.now().getTime() - backAt) / MINUTE;
  expect(backlog(bot)).toEqual({ jobs: 0, outbox: 0, incidents: 0 });
  expect(await evidenceProblems(bot, scenario.kinds, run.signed)).toEqual([]);
  const writes = store.writes();
  const writtenTwice = [...writes].filter(([, count]) => count > 1).map(([key]) => key);
  expect(writtenTwice).toEqual([]);
  const after = await takeCensus(bot, scenario.kinds);
  figures.push({
    flow: scenario.name,
    store: store.name,
    'down for (fake min)': Math.round((backAt - downAt) / MINUTE),
    'signed while down': census.responses,
    'artifacts filed while down': filedDuring,
    'objects waiting in SQLite': waiting.objects,
    'failed attempts per object': waiting.fewest === waiting.most ? waiting.most : `${waiting.fewest}-${waiting.most}`,
    'uploaded after return (fake min)': drainMinutes,
    'sink objects': after.sinkObjects,
    'written twice': writtenTwice.length,
    'evidence verify': 'ok',
  });
}

describe.each(SCENARIOS)('the evidence store down for an hour: $name', (scenario) => {
  it('when the local folder is unreachable while people sign, then everything is filed in SQLite, waits, and is stored once when it is back', async () => {
    await outage(scenario, localStore());
  });

  it('when the S3 server is stopped while people sign, then everything waits in SQLite and is uploaded once when it is started again', async () => {
    await outage(scenario, await s3Store());
  });
});
