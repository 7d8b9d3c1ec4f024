import { HOUR, MINUTE } from '../../../src/clock.ts';
import type { Delivery, FlowScenario } from '../flows/scenario.ts';
import { waitingRequests } from '../flows/signing.ts';
import type { BotUnderTest } from './bot-under-test.ts';

export type Deliver = (delivery: Delivery) => Promise<void>;

/** Sends until the sender sees it done, as Slack, the provider or the person would keep trying. */
export async function sendUntilDone(delivery: Delivery, attempts = 5): Promise<void> {
  for (let attempt = 1; attempt <= attempts; attempt += 1) if (await delivery.send()) return;
  throw new Error(`${delivery.label} was not taken after ${attempts} attempts`);
}

export interface ScenarioRun {
  /** The requests a person signed. */
  signed: Set<string>;
  deliveries: number;
}

/**
 * Plays a flow to its end: the trigger's deliveries, then every request of its kinds signed as
 * it comes up, with time passing an hour at a time while one is due but not yet asked. Each
 * delivery goes through `deliver`, where a test injects its faults.
 */
export async function runScenario(
  bot: BotUnderTest,
  scenario: FlowScenario,
  size: number,
  deliver: Deliver = (delivery) => sendUntilDone(delivery),
  options: { patienceHours?: number; onTrigger?: (deliveries: Delivery[]) => void } = {},
): Promise<ScenarioRun> {
  const patienceHours = options.patienceHours ?? 72;
  const signed = new Set<string>();
  let deliveries = 0;
  const starting = await scenario.trigger(bot, size);
  options.onTrigger?.(starting);
  for (const delivery of starting) {
    await deliver(delivery);
    deliveries += 1;
  }
  for (;;) {
    let next;
    for (let hours = 0; ; hours += 1) {
      await bot.tick();
      next = waitingRequests(bot.db, scenario.kinds).find((request) => !signed.has(request.id));
      if (next || hours >= patienceHours || openRequests(bot, scenario.kinds) === 0) break;
      await bot.advance(HOUR);
    }
    if (!next) return { signed, deliveries };
    const delivery = await scenario.sign(bot, next);
    signed.add(next.id);
    await deliver(delivery);
    deliveries += 1;
  }
}

/** Requests of these kinds not answered yet, asked or still to be asked. */
function openRequests(bot: BotUnderTest, kinds: readonly string[]): number {
  return bot.db.prepare(`SELECT COUNT(*) FROM requests WHERE kind IN (${kinds.map(() => '?').join(', ')}) AND state IN ('open', 'escalated')`).pluck().get(...kinds) as number;
}

/** What still waits: unfiled responses, objects not in the sink, incidents not brought up to date. */
export function backlog(bot: BotUnderTest): { jobs: number; outbox: number; incidents: number } {
  const count = (sql: string) => bot.db.prepare(sql).pluck().get() as number;
  return { jobs: count('SELECT COUNT(*) FROM artifact_jobs'), outbox: count('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL'), incidents: count('SELECT COUNT(*) FROM incidents WHERE sync_needed = 1') };
}

/** Ticks (minutes of fake time apart, so retry backoffs pass) until nothing waits; throws if it never settles. */
export async function settleFully(bot: BotUnderTest, maxTicks = 40): Promise<number> {
  for (let ticks = 1; ticks <= maxTicks; ticks += 1) {
    await bot.tick();
    await bot.settle();
    const left = backlog(bot);
    if (left.jobs + left.outbox + left.incidents === 0) return ticks;
    await bot.advance(5 * MINUTE);
  }
  throw new Error(`the bot did not settle after ${maxTicks} ticks: ${JSON.stringify(backlog(bot))}`);
}
