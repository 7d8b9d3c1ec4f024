import { createServer } from 'node:net';
import { WebClient, type RetryOptions } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import type { SlackDouble } from '../../src/slack-double/index.ts';
import { surelyNotPerformed } from '../../src/slack/port.ts';
import { retryAnyFailure, retryUnsentOnly } from '../../src/slack/retry-policy.ts';
import { FAST_SLACK_RETRIES } from '../helpers/slack-retries.ts';
import { startDouble, TOKEN } from '../slack-double/setup.ts';

function client(apiUrl: string, retryConfig: RetryOptions): WebClient {
  return new WebClient(TOKEN, { slackApiUrl: apiUrl, timeout: 200, retryConfig, logger: silentLogger() });
}

function outcomes(double: SlackDouble, method: string) {
  return double.callsOf(method).map(({ ok, error }) => (ok ? 'ok' : error));
}

/** The error the real client throws for one failed call, without retries. */
async function failureOf(call: (once: WebClient) => Promise<unknown>, apiUrl: string): Promise<unknown> {
  try {
    await call(client(apiUrl, { retries: 0 }));
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** A local address nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('which failed Slack calls may be sent again', () => {
  it('when Slack posts a message but its answer comes after the timeout, then the messages client does not send it again, and the failure says it may have arrived', async () => {
    const double = await startDouble();
    double.failNext('chat.postMessage', { lateMs: 1_000 });
    const posts = client(double.apiUrl, retryUnsentOnly(FAST_SLACK_RETRIES));
    const error = await posts.chat.postMessage({ channel: 'C0COMPLIAN', text: 'posted, answered late' }).then(
      () => null,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ code: 'slack_webapi_request_error' });
    expect(surelyNotPerformed(error)).toBe(false);
    expect(double.messages().map((message) => message.text)).toEqual(['posted, answered late']);
    expect(outcomes(double, 'chat.postMessage')).toEqual(['ok']);
  });

  it('when a read gets no answer in time, then it is sent again: a second read changes nothing', async () => {
    const double = await startDouble();
    double.failNext('users.info', { hang: true });
    const reads = client(double.apiUrl, retryAnyFailure(FAST_SLACK_RETRIES));
    const answer = await reads.users.info({ user: 'U0ENGINEE1' });
    expect(answer.user?.id).toBe('U0ENGINEE1');
    expect(outcomes(double, 'users.info')).toEqual(['timeout', 'ok']);
  });

  it.each([
    ['a 429 with Retry-After', { status: 429, retryAfter: 0 } as const, 'ratelimited'],
    ['a 500', { status: 500 } as const, 'http_500'],
    ['a 503 page', { status: 503 } as const, 'http_503'],
  ])('when Slack answers %s, then the messages client sends the message again and it is posted once', async (_name, failure, recorded) => {
    const double = await startDouble();
    double.failNext('chat.postMessage', failure, 2);
    const posts = client(double.apiUrl, retryUnsentOnly(FAST_SLACK_RETRIES));
    await posts.chat.postMessage({ channel: 'C0COMPLIAN', text: 'after two refusals' });
    expect(outcomes(double, 'chat.postMessage')).toEqual([recorded, recorded, 'ok']);
    expect(double.messages().map((message) => message.text)).toEqual(['after two refusals']);
  });

  it('when Slack keeps failing, then the messages client gives up after its retries, not after half an hour', async () => {
    const double = await startDouble();
    double.failWhen('chat.postMessage', () => ({ status: 500 }));
    const posts = client(double.apiUrl, retryUnsentOnly(FAST_SLACK_RETRIES));
    await expect(posts.chat.postMessage({ channel: 'C0COMPLIAN', text: 'never' })).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
    expect(double.callsOf('chat.postMessage')).toHaveLength(FAST_SLACK_RETRIES.retries + 1);
  });

  it('when the client cannot connect, then the call never reached Slack; when the answer is lost or Slack refuses it, then that is said as well', async () => {
    const double = await startDouble();
    const refused = await failureOf((once) => once.auth.test(), `http://127.0.0.1:${await closedPort()}/api/`);
    expect(refused).toMatchObject({ code: 'slack_webapi_request_error' });
    expect(surelyNotPerformed(refused)).toBe(true);

    double.failNext('chat.postMessage', { hang: true });
    const lost = await failureOf((once) => once.chat.postMessage({ channel: 'C0COMPLIAN', text: 'lost' }), double.apiUrl);
    expect(surelyNotPerformed(lost)).toBe(false);

    double.failNext('chat.postMessage', { error: 'channel_not_found' });
    const platform = await failureOf((once) => once.chat.postMessage({ channel: 'C0COMPLIAN', text: 'refused' }), double.apiUrl);
    expect(platform).toMatchObject({ code: 'slack_webapi_platform_error' });
    expect(surelyNotPerformed(platform)).toBe(true);
  });
});
