import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { SCENARIOS } from './flows/index.ts';
import type { Delivery } from './flows/scenario.ts';
import { startInProcess } from './support/bot-under-test.ts';
import { evidenceProblems, takeCensus } from './support/census.ts';
import { ChildBot } from './support/child-bot.ts';
import { fingerprint } from './support/fingerprint.ts';
import { reportFigures } from './support/report.ts';
import { runScenario, sendUntilDone, settleFully, type Deliver } from './support/run.ts';
import { LONG, SEED, seededRandom } from './support/variant.ts';

/** Kills per flow, and the number of signed responses each run asks for. */
const KILLS = LONG ? 50 : 6;
const SIZE = LONG ? 50 : 6;
/** A kill aimed at no milestone lands this long after the delivery starts, at most. */
const WINDOW_MS = 300;

/**
 * Where a kill is aimed: a random moment, the request still on the wire, just after SQLite has
 * it (the ack on its way), just after its artifact entered the ledger (the upload not done).
 */
type Aim = 'random moment' | 'in flight' | 'just recorded' | 'just filed';
const AIMS: Aim[] = ['random moment', 'in flight', 'just recorded', 'just filed'];

type Phase = 'not yet recorded' | 'recorded' | 'recorded, not yet filed' | 'filed, not yet uploaded' | 'uploaded';

interface Kill {
  delivery: string;
  aim: Aim;
  answered: boolean;
  phase: Phase;
}

/** Polls SQLite (the parent's own connection) until `reached` or the delivery settles, then waits a little more. */
async function until(reached: () => boolean, sending: Promise<boolean>, jitterMs: number): Promise<void> {
  let settled = false;
  void sending.finally(() => {
    settled = true;
  });
  const deadline = performance.now() + 5_000;
  while (!reached() && performance.now() < deadline) {
    // After the answer the bot has at most a few hundred ms of work left: keep polling a while.
    if (settled && performance.now() > deadline - 4_500) break;
    await sleep(1);
  }
  if (jitterMs > 0) await sleep(jitterMs);
}

/** Where the work on a delivery stood when the process died, read from SQLite afterwards. */
function phaseOf(db: Db, delivery: Delivery): Phase {
  if (!delivery.recorded(db)) return 'not yet recorded';
  if (!delivery.requestId) return 'recorded';
  const artifactId = db.prepare('SELECT artifact_id FROM requests WHERE id = ?').pluck().get(delivery.requestId) as string | null;
  const seq = db.prepare('SELECT seq FROM artifacts WHERE id = ?').pluck().get(artifactId) as number | undefined;
  if (seq === undefined) return 'recorded, not yet filed';
  const waiting = db.prepare('SELECT COUNT(*) FROM outbox WHERE artifact_seq = ? AND uploaded_at IS NULL').pluck().get(seq) as number;
  return waiting > 0 ? 'filed, not yet uploaded' : 'uploaded';
}

function filed(db: Db, delivery: Delivery): boolean {
  if (!delivery.requestId) return delivery.recorded(db);
  return db.prepare('SELECT 1 FROM artifacts a JOIN requests r ON r.artifact_id = a.id WHERE r.id = ?').get(delivery.requestId) !== undefined;
}

/**
 * Delivers through a bot it kills: `kills` of the about `expected` deliveries, chosen by the
 * seeded generator (selection sampling, so exactly `kills` when the estimate holds), each
 * SIGKILLed at a point the generator aims (see Aim). The bot is started again on the same
 * database; what was not answered is sent again, as Slack, the provider or the person would.
 */
function killing(bot: ChildBot, random: () => number, plan: { kills: number; expected: number }, kills: Kill[]): Deliver {
  // `expected` is the trigger's deliveries plus one submission per signature; set once the trigger is known.
  let seen = 0;
  return async (delivery) => {
    const left = plan.kills - kills.length;
    const chance = left / Math.max(1, plan.expected - seen);
    seen += 1;
    if (left <= 0 || random() >= chance) return sendUntilDone(delivery);
    const aim = AIMS[Math.floor(random() * AIMS.length)]!;
    const jitterMs = Math.floor(random() * 4);
    const sending = delivery.send().catch(() => false);
    if (aim === 'random moment') await sleep(Math.floor(random() * WINDOW_MS));
    else if (aim === 'in flight') await sleep(jitterMs);
    else if (aim === 'just recorded') await until(() => delivery.recorded(bot.db), sending, jitterMs);
    else await until(() => filed(bot.db, delivery), sending, 0);
    await bot.kill();
    const answered = await sending;
    const phase = phaseOf(bot.db, delivery);
    kills.push({ delivery: delivery.label, aim, answered, phase });
    // The promise: an answer (the modal closing, the 200 to the provider) means it is in SQLite.
    if (answered && phase === 'not yet recorded') throw new Error(`${delivery.label} was answered, but after SIGKILL (${aim}) it is not in SQLite`);
    await bot.restart();
    if (!answered) await sendUntilDone(delivery);
  };
}

const figures: Record<string, string | number>[] = [];
afterAll(() => reportFigures(LONG ? 'kill-long' : 'kill', figures));

describe.each(SCENARIOS)('process killed between receipt and upload: $name', (scenario) => {
  it(`when the bot is SIGKILLed ${KILLS} times at random points and restarted on the same database, then every signed response is filed exactly once and evidence verify passes`, async () => {
    const seed = SEED + SCENARIOS.indexOf(scenario);
    const context = `seed ${seed} (replay with EVIDENCE_FAULTS_SEED=${SEED})`;
    // What the same steps leave behind when nothing goes wrong.
    const clean = await (async () => {
      const { h, bot } = await startInProcess(scenario.setup(SIZE));
      await runScenario(bot, scenario, SIZE);
      await settleFully(bot);
      const print = await fingerprint(bot, scenario);
      await h.stop();
      return print;
    })();

    const bot = await ChildBot.start(scenario.setup(SIZE));
    const kills: Kill[] = [];
    try {
      const plan = { kills: KILLS, expected: SIZE };
      const run = await runScenario(bot, scenario, SIZE, killing(bot, seededRandom(seed), plan, kills), { onTrigger: (deliveries) => (plan.expected = deliveries.length + SIZE) }).catch((error: Error) => {
        throw new Error(`${context}: ${error.message}\n${bot.logs.slice(-15).join('\n')}`);
      });
      await settleFully(bot);
      await bot.stop();

      expect(kills.length, context).toBe(KILLS);
      expect(await evidenceProblems(bot, scenario.kinds, run.signed), context).toEqual([]);
      const census = await takeCensus(bot, scenario.kinds);
      expect(census.responses, context).toBe(clean.census.responses);
      expect(census.artifacts, context).toBe(census.responses);
      expect(scenario.facts(bot), context).toEqual(clean.facts);

      const phases = (phase: Phase) => kills.filter((kill) => kill.phase === phase).length;
      figures.push({
        flow: scenario.name,
        kills: kills.length,
        'answered before the kill': kills.filter((kill) => kill.answered).length,
        'killed before recorded': phases('not yet recorded'),
        'recorded, not filed': phases('recorded, not yet filed') + phases('recorded'),
        'filed, not uploaded': phases('filed, not yet uploaded'),
        'after upload': phases('uploaded'),
        requests: census.requests,
        responses: census.responses,
        artifacts: census.artifacts,
        'ledger entries': census.ledger,
        'sink objects': census.sinkObjects,
        'lost or duplicated': 0,
        'evidence verify': 'ok',
        seed,
      });
    } finally {
      await bot.close();
    }
  }, LONG ? 1_800_000 : 180_000);
});
