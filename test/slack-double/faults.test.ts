import { WebClient } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { clientFor, startDouble, TOKEN } from './setup.ts';

describe('Slack Web API double: injected failures', () => {
  it('when a 429 is injected, then the HTTP answer has Retry-After and Slack’s ratelimited body, and the attempt is recorded', async () => {
    const double = await startDouble();
    double.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const response = await fetch(`${double.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'channel=C0COMPLIAN&text=hi',
    });
    expect([response.status, response.headers.get('retry-after'), await response.json()]).toEqual([429, '7', { ok: false, error: 'ratelimited' }]);
    expect(double.calls.map(({ method, ok, error }) => ({ method, ok, error }))).toEqual([{ method: 'chat.postMessage', ok: false, error: 'ratelimited' }]);
    expect(double.messages()).toEqual([]);
  });

  it('when a client that rejects rate-limited calls meets a 429, then it fails with the Retry-After seconds and nothing is posted', async () => {
    const double = await startDouble();
    double.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const client = clientFor(double, { rejectRateLimitedCalls: true });
    await expect(client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'hi' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 1 });
    expect(double.messages()).toEqual([]);
  });

  it('when a 429 with Retry-After: 1 meets a client with retries, then the client waits, retries, and the message is delivered once', async () => {
    const double = await startDouble();
    double.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const client = clientFor(double, { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 } });
    const started = performance.now();
    const result = await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'Access review due' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(result.ok).toBe(true);
    expect(double.messages().map((message) => message.text)).toEqual(['Access review due']);
    expect(double.callsOf('chat.postMessage').map(({ ok, error }) => ({ ok, error }))).toEqual([{ ok: false, error: 'ratelimited' }, { ok: true }]);
  });

  it('when a 500 is injected and the client does not retry, then it fails with the HTTP status; the next call goes through', async () => {
    const double = await startDouble();
    double.failNext('chat.postMessage', { status: 500 });
    const client = clientFor(double);
    await expect(client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'first' })).rejects.toMatchObject({ code: 'slack_webapi_http_error', statusCode: 500, body: '' });
    await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'second' });
    expect(double.calls.map(({ ok, error }) => ({ ok, error }))).toEqual([{ ok: false, error: 'http_500' }, { ok: true }]);
    expect(double.messages().map((message) => message.text)).toEqual(['second']);
  });

  it('when 503 is injected twice and the client retries twice, then the third attempt delivers the message once', async () => {
    const double = await startDouble();
    double.failNext('chat.postMessage', { status: 503 }, 2);
    const client = clientFor(double, { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 } });
    await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'retried' });
    expect(double.callsOf('chat.postMessage').map(({ ok, error }) => ({ ok, error }))).toEqual([{ ok: false, error: 'http_503' }, { ok: false, error: 'http_503' }, { ok: true }]);
    expect(double.messages().map((message) => message.text)).toEqual(['retried']);
  });

  it('when a Slack error code is injected, then it comes with HTTP 200 and is not retried', async () => {
    const double = await startDouble();
    double.failNext('views.publish', { error: 'internal_error' });
    const client = clientFor(double, { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 20 } });
    await expect(client.views.publish({ user_id: 'U0MANAGER1', view: { type: 'home', blocks: [] } })).rejects.toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'internal_error', response_metadata: {} },
    });
    expect(double.callsOf('views.publish').map(({ ok, error }) => ({ ok, error }))).toEqual([{ ok: false, error: 'internal_error' }]);
    expect(double.home('U0MANAGER1')).toBeUndefined();
  });

  it('when a call is made to hang, then a client with a timeout gives up on it, retries, and the message is delivered once', async () => {
    const double = await startDouble();
    double.failNext('chat.postMessage', { hang: true });
    const client = new WebClient(TOKEN, { slackApiUrl: double.apiUrl, timeout: 200, retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 20 }, logger: silentLogger() });
    await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'after a lost answer' });
    expect(double.callsOf('chat.postMessage').map(({ ok, error }) => ({ ok, error }))).toEqual([{ ok: false, error: 'timeout' }, { ok: true }]);
    expect(double.messages().map((message) => message.text)).toEqual(['after a lost answer']);
  });

  it('when a rule fails every other call, then those calls fail and the rest go through, until the failures are cleared', async () => {
    const double = await startDouble();
    double.failWhen('chat.postMessage', (call) => (call % 2 === 1 ? { status: 503 } : null));
    const client = clientFor(double);
    const results = [];
    for (const text of ['one', 'two', 'three', 'four']) results.push(await client.chat.postMessage({ channel: 'C0COMPLIAN', text }).then(() => 'ok', () => 'failed'));
    double.clearFailures();
    await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'five' });
    expect(results).toEqual(['failed', 'ok', 'failed', 'ok']);
    expect(double.messages().map((message) => message.text)).toEqual(['two', 'four', 'five']);
  });

  it('when a failure is injected for one method, then other methods are untouched', async () => {
    const double = await startDouble();
    double.failNext('users.info', { status: 502 });
    const client = clientFor(double);
    expect((await client.auth.test()).ok).toBe(true);
    await expect(client.users.info({ user: 'U0MANAGER1' })).rejects.toMatchObject({ code: 'slack_webapi_http_error', statusCode: 502 });
  });
});
