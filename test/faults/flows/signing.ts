import type { OpenView } from '../../../src/slack-double/index.ts';
import type { Db } from '../../../src/store/db.ts';
import type { RequestRow } from '../../../src/store/requests.ts';
import { openActionId } from '../../../views/requests.ts';
import { eventually } from '../../helpers/eventually.ts';
import type { BotUnderTest } from '../support/bot-under-test.ts';
import type { Delivery } from './scenario.ts';

/** Requests of these kinds that were asked (their DM is out) and wait for a signature, oldest first. */
export function waitingRequests(db: Db, kinds: readonly string[]): RequestRow[] {
  return db
    .prepare(`SELECT * FROM requests WHERE kind IN (${kinds.map(() => '?').join(', ')}) AND state IN ('open', 'escalated') AND asked_at IS NOT NULL ORDER BY asked_at, id`)
    .all(...kinds) as RequestRow[];
}

function isAnswered(db: Db, requestId: string): boolean {
  return db.prepare("SELECT state FROM requests WHERE id = ?").pluck().get(requestId) === 'answered';
}

/**
 * Presses the button in the request's DM and waits for its modal. When Slack refused to open it
 * (a rate limit, a lost answer), the person presses again, as people do.
 */
export async function openFromDm(bot: BotUnderTest, request: RequestRow, callbackId: string): Promise<OpenView> {
  if (!request.dm_channel || !request.dm_ts) throw new Error(`request ${request.id} has no DM to open it from`);
  for (let attempt = 1; ; attempt += 1) {
    const before = new Set(bot.double.views().map((view) => view.id));
    const told = bot.double.responses().length;
    await bot.driver.clickButton(request.assignee, { channel: request.dm_channel, ts: request.dm_ts }, openActionId(request.id));
    const outcome = await eventually(
      () => {
        const view = bot.double.views().find((candidate) => !before.has(candidate.id) && candidate.callback_id === callbackId);
        if (view) return { view };
        // The bot answered the click with a message instead (Slack refused the modal): press again.
        return bot.double.responses().length > told ? { view: null } : undefined;
      },
      { what: `the ${callbackId} modal for request ${request.id}`, timeoutMs: 5_000 },
    );
    if (outcome.view) return outcome.view;
    if (attempt >= 4) throw new Error(`the ${callbackId} modal for request ${request.id} did not open after ${attempt} clicks: ${JSON.stringify(bot.double.responses().at(-1)?.body)}`);
  }
}

/**
 * A view submission as a delivery: done when Slack would close the modal. A refusal in the
 * modal (response_action: errors) is a failure of the scenario or the product, never retried.
 */
export function submission(bot: BotUnderTest, request: RequestRow, viewId: string, values: Record<string, Record<string, unknown>>): Delivery {
  return {
    label: `view_submission of ${request.kind} request ${request.id} by ${request.assignee}`,
    requestId: request.id,
    recorded: (db) => isAnswered(db, request.id),
    send: async () => {
      let reply;
      try {
        reply = await bot.driver.submitView(request.assignee, viewId, values);
      } catch {
        return false;
      }
      const errors = (reply.json as { response_action?: string; errors?: unknown } | undefined)?.response_action === 'errors' ? (reply.json as { errors: unknown }).errors : null;
      if (errors) throw new Error(`the modal refused the submission of request ${request.id}: ${JSON.stringify(errors)}`);
      return reply.status === 200 && reply.problems.length === 0;
    },
  };
}

/** A signed webhook as a delivery: done on 200, as the provider sees it; anything else is redelivered. */
export function webhookDelivery(bot: BotUnderTest, source: string, eventId: string, body: string, headers: Record<string, string>): Delivery {
  return {
    label: `${source} webhook ${eventId}`,
    recorded: (db) => db.prepare('SELECT 1 FROM webhook_deliveries WHERE source = ? AND event_id = ?').get(source === 'incident' ? 'generic' : source, eventId) !== undefined,
    send: async () => {
      try {
        return (await bot.webhook(source, body, headers)).status === 200;
      } catch {
        return false;
      }
    },
  };
}

/**
 * A slash command whose work continues after the ack: done when its final answer reaches the
 * response URL (matching `done`), as the admin who typed it sees it.
 */
export function commandDelivery(bot: BotUnderTest, userId: string, text: string, done: RegExp, recorded: (db: Db) => boolean): Delivery {
  return {
    label: `/evidence ${text} by ${userId}`,
    recorded,
    send: async () => {
      try {
        const reply = await bot.driver.command(userId, '/evidence', text);
        if (reply.status !== 200) return false;
        await eventually(
          () => bot.double.responses().find((response) => response.url === reply.responseUrl && done.test(String((response.body as { text?: string }).text ?? ''))),
          { what: `the answer to /evidence ${text}`, timeoutMs: 5_000 },
        );
        return true;
      } catch {
        return false;
      }
    },
  };
}
