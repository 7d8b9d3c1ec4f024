import type { RetryOptions } from '@slack/web-api';
import { surelyNotPerformed } from './port.ts';

/** How long the Web API client keeps at a failing call before the request engine takes over. */
export interface RetryTiming {
  retries: number;
  minTimeout: number;
  maxTimeout: number;
}

/** Four retries, 15 to 22 s apart in all (plus any Retry-After); the engine's own backoff (1 min to 6 h) is for longer outages. */
export const BACKGROUND_RETRY_TIMING: RetryTiming = { retries: 4, minTimeout: 1_000, maxTimeout: 8_000 };

/**
 * For reads and updates (users.info, users.list, chat.update, views.publish): a second try
 * changes nothing the first did, so every failure is retried, for a bounded time. The
 * client's default (10 retries over 30 minutes) held the sweep for half an hour in an outage.
 */
export function retryAnyFailure(timing: RetryTiming = BACKGROUND_RETRY_TIMING): RetryOptions {
  return { ...timing, factor: 2, randomize: true };
}

/**
 * For new messages (DMs, reminders, escalations, incident posts): only a call Slack surely did
 * not perform is retried. A message whose answer was lost is left to the request engine, which
 * writes the failure in the request's history and tries again a minute later. With the
 * default policy a message Slack was slow to confirm went out up to 11 times.
 */
export function retryUnsentOnly(timing: RetryTiming = BACKGROUND_RETRY_TIMING): RetryOptions {
  // p-retry, which the client runs its calls through, stops retrying when onFailedAttempt throws;
  // the client's RetryOptions type does not list the option.
  const options: RetryOptions & { onFailedAttempt: (error: Error) => void } = {
    ...retryAnyFailure(timing),
    onFailedAttempt: (error) => {
      if (!surelyNotPerformed(error)) throw error;
    },
  };
  return options;
}
