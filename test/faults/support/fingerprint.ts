import type { FlowScenario } from '../flows/scenario.ts';
import type { BotUnderTest } from './bot-under-test.ts';
import { takeCensus, type Census } from './census.ts';

export interface Fingerprint {
  census: Census;
  facts: Record<string, number>;
  requestsByKindAndState: Record<string, number>;
  /** The history of every request, failures left out (a retried Slack call adds them, and should). */
  requestEvents: Record<string, number>;
  ledgerByKind: Record<string, number>;
  /** Messages Slack accepted, by where they went: DMs, the compliance channel, incident posts. */
  slackMessages: Record<string, number>;
  /** Modals Slack opened and views it updated. */
  viewsOpened: number;
  viewsUpdated: number;
  /** "Something went wrong" told to a person, and errors in the log: a duplicate is no error. */
  errorsShown: number;
  errorsLogged: number;
}

/** Replies and ephemeral messages that told a person something went wrong. */
export function errorsShown(bot: BotUnderTest): number {
  const texts = [...bot.double.responses().map((response) => String((response.body as { text?: string }).text ?? '')), ...bot.double.ephemerals().map((message) => message.text ?? '')];
  return texts.filter((text) => text.startsWith('Something went wrong')).length;
}

export function errorsLogged(bot: BotUnderTest): string[] {
  return bot.logs.filter((line) => line.includes('"level":"error"'));
}

function grouped(rows: { k: string; n: number }[]): Record<string, number> {
  return Object.fromEntries(rows.map((row) => [row.k, row.n]));
}

/**
 * Every effect a run had, counted: rows by kind and state, ledger entries, sink objects, and
 * what Slack accepted. Two runs of the same flow with the same steps have the same
 * fingerprint however often each delivery arrived.
 */
export async function fingerprint(bot: BotUnderTest, scenario: FlowScenario): Promise<Fingerprint> {
  const db = bot.db;
  const ok = bot.double.calls.filter((call) => call.ok);
  const slackMessages: Record<string, number> = {};
  for (const call of ok) {
    if (call.method !== 'chat.postMessage') continue;
    const channel = String(call.args.channel);
    const where = /^[UW]/.test(channel) ? 'direct messages' : channel;
    slackMessages[where] = (slackMessages[where] ?? 0) + 1;
  }
  return {
    census: await takeCensus(bot, scenario.kinds),
    facts: scenario.facts(bot),
    requestsByKindAndState: grouped(db.prepare("SELECT kind || ' ' || state AS k, COUNT(*) AS n FROM requests GROUP BY k ORDER BY k").all() as { k: string; n: number }[]),
    requestEvents: grouped(db.prepare("SELECT what AS k, COUNT(*) AS n FROM request_events WHERE what != 'failed' GROUP BY what ORDER BY what").all() as { k: string; n: number }[]),
    ledgerByKind: grouped(db.prepare('SELECT kind AS k, COUNT(*) AS n FROM artifacts GROUP BY kind ORDER BY kind').all() as { k: string; n: number }[]),
    slackMessages,
    viewsOpened: ok.filter((call) => call.method === 'views.open').length,
    viewsUpdated: ok.filter((call) => call.method === 'views.update').length,
    errorsShown: errorsShown(bot),
    errorsLogged: errorsLogged(bot).length,
  };
}
