import { WebClient, type RetryOptions } from '@slack/web-api';
import { afterEach } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { SlackDouble, type SlackDoubleOptions } from '../../src/slack-double/index.ts';

export const TOKEN = 'xoxb-test-token';

const started: SlackDouble[] = [];
afterEach(async () => {
  for (const double of started.splice(0)) await double.close();
});

/** A double with the people most tests need, closed after the test. */
export async function startDouble(options: SlackDoubleOptions = {}): Promise<SlackDouble> {
  const double = await SlackDouble.start({ token: TOKEN, ...options });
  started.push(double);
  double.addUser({ id: 'U0MANAGER1', real_name: 'Morgan Manager', profile: { email: 'morgan@example.com', real_name: 'Morgan Manager', display_name: 'morgan' } });
  double.addUser({ id: 'U0ENGINEE1', real_name: 'Eli Engineer', tz: 'Europe/Berlin', profile: { email: 'eli@example.com', real_name: 'Eli Engineer', display_name: 'eli' } });
  double.addChannel({ id: 'C0COMPLIAN', name: 'compliance' });
  return double;
}

/** The real WebClient pointed at the double; no retries unless the test asks for them. */
export function clientFor(double: SlackDouble, options: { token?: string; retryConfig?: RetryOptions; rejectRateLimitedCalls?: boolean } = {}): WebClient {
  return new WebClient('token' in options ? options.token : TOKEN, {
    slackApiUrl: double.apiUrl,
    retryConfig: options.retryConfig ?? { retries: 0 },
    rejectRateLimitedCalls: options.rejectRateLimitedCalls ?? false,
    logger: silentLogger(),
  });
}

/** The `data` of a rejected Web API call: the body Slack answered with. */
export async function slackError(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return (error as { data?: unknown }).data ?? error;
  }
  throw new Error('expected the call to be rejected');
}
