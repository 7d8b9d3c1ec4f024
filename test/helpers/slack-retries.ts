import type { RetryTiming } from '../../src/slack/retry-policy.ts';

/** The production retry decisions, with milliseconds instead of seconds between attempts. */
export const FAST_SLACK_RETRIES: RetryTiming = { retries: 3, minTimeout: 10, maxTimeout: 40 };
