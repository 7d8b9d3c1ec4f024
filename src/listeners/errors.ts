import { randomBytes } from 'node:crypto';
import { DomainError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { slackErrorCode } from '../slack/port.ts';

/**
 * The one place errors become words for a person: domain errors say what is wrong; anything
 * else is logged with a reference the person also sees, so support can find it.
 */
export function userMessage(error: unknown, logger: Logger, context: Record<string, unknown>): string {
  if (error instanceof DomainError) return error.message;
  if (isSlackHiccup(error)) {
    logger.warn('Slack did not take a call in time', { ...context, error: slackErrorCode(error) });
    return 'Slack did not answer in time, so this did not go through. Try again in a few seconds; nothing was lost.';
  }
  const reference = randomBytes(4).toString('hex');
  logger.error('unexpected error in a Slack handler', { reference, ...context }, error);
  return `Something went wrong (reference ${reference}). Nothing was filed; please try again, and tell the compliance team if it happens again.`;
}

/**
 * Slack refused the call because this very action was already acted on: its trigger_id already
 * opened a modal (exchanged_trigger_id), or the view already moved on (hash_conflict). A retried
 * delivery or a double click sends an action twice; the first did the work, the second is quiet.
 */
export function isRepeatedAction(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code === 'exchanged_trigger_id' || code === 'hash_conflict';
}

/** Slack rate-limited the call, failed it (5xx), did not answer, or the 3-second trigger ran out: trying again works. */
const SLACK_HICCUPS = new Set(['slack_webapi_rate_limited_error', 'slack_webapi_request_error', 'slack_webapi_http_error', 'expired_trigger_id']);

function isSlackHiccup(error: unknown): boolean {
  return SLACK_HICCUPS.has(slackErrorCode(error));
}
