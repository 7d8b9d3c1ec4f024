import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidSlackRequest } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackDriver, type SlackDouble } from '../../src/slack-double/index.ts';
import { clientFor, startDouble } from './setup.ts';

const SECRET = 'test-signing-secret-0123456789';
const NOW_SECONDS = 1_783_342_800;

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  signatureValid: boolean;
}
interface Answer {
  status?: number;
  json?: unknown;
  delayMs?: number;
}

const apps: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** A stand-in for the app's Request URL: it checks the signature itself and records what Slack sent. */
async function startApp(answer: (received: Received) => Answer = () => ({})) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const expected = Buffer.from(`v0=${createHmac('sha256', SECRET).update(`v0:${String(req.headers['x-slack-request-timestamp'])}:${body}`).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-slack-signature'] ?? ''));
      const entry = { headers: req.headers, body, signatureValid: given.length === expected.length && timingSafeEqual(given, expected) };
      received.push(entry);
      const reply = entry.signatureValid ? answer(entry) : { status: 401 };
      setTimeout(() => {
        if (reply.json === undefined) res.writeHead(reply.status ?? 200).end();
        else res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(reply.json));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apps.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, received };
}

async function setup(answer?: (received: Received) => Answer) {
  const double = await startDouble();
  const app = await startApp(answer);
  const driver = new SlackDriver({ appUrl: app.url, signingSecret: SECRET, double, now: () => NOW_SECONDS });
  return { double, app, driver, client: clientFor(double) };
}

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));
const payloadOf = (received: Received | undefined) => JSON.parse(form(received?.body ?? '').payload ?? 'null') as Record<string, unknown>;
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const USER = { id: 'U0MANAGER1', username: 'morgan', name: 'morgan', team_id: 'T0000001' };
const TEAM = { id: 'T0000001', domain: 'evidence-bot-test' };
const ACTION_TS = expect.stringMatching(new RegExp(`^${NOW_SECONDS}\\.\\d{6}$`));
const modal = (title: string, extra: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  callback_id: 'access-review',
  private_metadata: '{"review":"r-1"}',
  title: plain(title),
  submit: plain('Attest'),
  blocks: [
    { type: 'input', block_id: 'note', label: plain('Note'), element: { type: 'plain_text_input', action_id: 'value' } },
    { type: 'actions', block_id: 'more', elements: [{ type: 'button', action_id: 'details', text: plain('Details'), value: 'd' }] },
  ],
  ...extra,
});

async function openModal(double: SlackDouble, view: ModalView = modal('GitHub access review')) {
  const opened = await clientFor(double).views.open({ trigger_id: double.issueTriggerId({ userId: 'U0MANAGER1' }), view });
  return opened.view?.id ?? '';
}

describe('Slack driver: signing and slash commands', () => {
  it('when a slash command is sent, then the app gets Slack’s form fields, signed, with a usable trigger and response_url', async () => {
    const { double, app, driver, client } = await setup();
    const sent = await driver.command('U0MANAGER1', '/evidence', 'review github');
    const received = app.received[0];
    expect(received?.signatureValid).toBe(true);
    expect([received?.headers['content-type'], received?.headers['x-slack-request-timestamp']]).toEqual(['application/x-www-form-urlencoded', String(NOW_SECONDS)]);
    expect(form(received?.body ?? '')).toEqual({
      token: 'legacy-verification-token',
      team_id: 'T0000001',
      team_domain: 'evidence-bot-test',
      channel_id: double.dmChannel('U0MANAGER1'),
      channel_name: 'directmessage',
      user_id: 'U0MANAGER1',
      user_name: 'morgan',
      command: '/evidence',
      text: 'review github',
      api_app_id: 'A0000001',
      is_enterprise_install: 'false',
      response_url: sent.responseUrl,
      trigger_id: sent.triggerId,
    });
    expect(sent.status).toBe(200);
    expect((await client.views.open({ trigger_id: sent.triggerId, view: modal('From the command') })).ok).toBe(true);
    await fetch(sent.responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"Started"}' });
    expect(double.responses()).toEqual([{ url: sent.responseUrl, body: { text: 'Started' } }]);
  });

  it('when a command is typed in a channel, then channel_id and channel_name are that channel’s', async () => {
    const { app, driver } = await setup();
    await driver.command('U0MANAGER1', '/evidence', 'status', { channelId: 'C0COMPLIAN' });
    expect([form(app.received[0]?.body ?? '').channel_id, form(app.received[0]?.body ?? '').channel_name]).toEqual(['C0COMPLIAN', 'compliance']);
  });

  it('when the driver signs a body, then the headers are the content type, timestamp and v0 HMAC, and Bolt’s own verifier agrees', async () => {
    const { driver } = await setup();
    const body = 'payload=%7B%7D';
    const headers = driver.sign(body, NOW_SECONDS);
    expect(headers).toEqual({
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(NOW_SECONDS),
      'X-Slack-Signature': `v0=${createHmac('sha256', SECRET).update(`v0:${NOW_SECONDS}:${body}`).digest('hex')}`,
    });
    expect(driver.sign('{"type":"event_callback"}', NOW_SECONDS)['Content-Type']).toBe('application/json');
    const check = (timestamp: number) =>
      isValidSlackRequest({
        signingSecret: SECRET,
        body,
        headers: { 'x-slack-signature': driver.sign(body, timestamp)['X-Slack-Signature'] ?? '', 'x-slack-request-timestamp': timestamp },
        nowMilliseconds: NOW_SECONDS * 1000,
      });
    expect([check(NOW_SECONDS), check(NOW_SECONDS - 6 * 60)]).toEqual([true, false]);
  });

  it('when a body is sent raw with a forged signature, then the app refuses it, and ms covers the whole answer', async () => {
    const { app, driver } = await setup(() => ({ delayMs: 60 }));
    const forged = await driver.raw('command=%2Fevidence', { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(NOW_SECONDS), 'X-Slack-Signature': 'v0=deadbeef' });
    expect(forged.status).toBe(401);
    expect(app.received[0]?.signatureValid).toBe(false);
    const signed = await driver.raw('command=%2Fevidence', driver.sign('command=%2Fevidence', NOW_SECONDS));
    expect(signed.status).toBe(200);
    expect(signed.ms).toBeGreaterThanOrEqual(55);
  });
});

describe('Slack driver: clicks', () => {
  it('when a button in a bot message is clicked, then the app gets a block_actions payload with the container, message and action', async () => {
    const { app, driver, client } = await setup();
    const blocks = [{ type: 'actions', block_id: 'decision', elements: [{ type: 'button', action_id: 'keep', text: plain('Keep'), value: 'acct-1', style: 'primary' as const }] }];
    const posted = await client.chat.postMessage({ channel: 'C0COMPLIAN', text: 'Review', blocks });
    const clicked = await driver.clickButton('U0MANAGER1', { channel: 'C0COMPLIAN', ts: posted.ts ?? '' }, 'keep');
    expect(app.received[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(payloadOf(app.received[0])).toEqual({
      type: 'block_actions',
      user: USER,
      api_app_id: 'A0000001',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: posted.ts, channel_id: 'C0COMPLIAN', is_ephemeral: false },
      trigger_id: clicked.triggerId,
      team: TEAM,
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: 'C0COMPLIAN', name: 'compliance' },
      response_url: expect.stringMatching(/\/respond\/[0-9a-f]{24}$/),
      message: { type: 'message', user: 'UBOT000001', bot_id: 'B0000001', app_id: 'A0000001', text: 'Review', blocks, ts: posted.ts, team: 'T0000001' },
      state: { values: {} },
      actions: [{ type: 'button', action_id: 'keep', block_id: 'decision', text: plain('Keep'), value: 'acct-1', style: 'primary', action_ts: ACTION_TS }],
    });
  });

  it('when a button is clicked with a forged value, or in a DM addressed by user ID, then the payload carries that value and the DM channel', async () => {
    const { double, app, driver, client } = await setup();
    const posted = await client.chat.postMessage({ channel: 'U0MANAGER1', text: 'Review', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'alice' }, accessory: { type: 'button', action_id: 'revoke', text: plain('Revoke'), value: 'acct-1' } }] });
    await driver.clickButton('U0MANAGER1', { channel: 'U0MANAGER1', ts: posted.ts ?? '' }, 'revoke', { value: 'acct-999' });
    const payload = payloadOf(app.received[0]);
    expect([payload.container, (payload.actions as { value: string }[])[0]?.value]).toEqual([
      { type: 'message', message_ts: posted.ts, channel_id: double.dmChannel('U0MANAGER1'), is_ephemeral: false },
      'acct-999',
    ]);
  });

  it('when a button inside a modal is clicked, then the payload carries the view, and its trigger can push onto that modal', async () => {
    const { double, app, driver, client } = await setup();
    const viewId = await openModal(double);
    const clicked = await driver.clickButton('U0MANAGER1', { viewId }, 'details');
    const payload = payloadOf(app.received[0]);
    expect([payload.container, payload.view, payload.channel, payload.message, payload.response_url]).toEqual([{ type: 'view', view_id: viewId }, double.view(viewId), undefined, undefined, undefined]);
    expect((payload.actions as unknown[])[0]).toEqual({ type: 'button', action_id: 'details', block_id: 'more', text: plain('Details'), value: 'd', action_ts: ACTION_TS });
    const pushed = await client.views.push({ trigger_id: clicked.triggerId, view: modal('Details') });
    expect(pushed.view?.previous_view_id).toBe(viewId);
  });

  it('when a button on a Home tab is clicked, then the container is the Home view', async () => {
    const { double, app, driver, client } = await setup();
    await client.views.publish({ user_id: 'U0MANAGER1', view: { type: 'home', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'open-status', text: plain('Status') }] }] } });
    await driver.clickButton('U0MANAGER1', { homeOf: 'U0MANAGER1' }, 'open-status');
    const payload = payloadOf(app.received[0]);
    const home = double.home('U0MANAGER1');
    expect([payload.container, payload.view]).toEqual([{ type: 'view', view_id: home?.id }, home]);
    expect((payload.actions as { block_id: string; value?: string }[])[0]?.block_id).toMatch(/^[A-Za-z0-9]{5}$/);
  });

  it('when the action_id is missing or is not a button, then the driver says so instead of sending anything', async () => {
    const { double, app, driver } = await setup();
    const viewId = await openModal(double);
    await expect(driver.clickButton('U0MANAGER1', { viewId }, 'nope')).rejects.toThrow(`no element with action_id "nope" in view ${viewId}`);
    await expect(driver.clickButton('U0MANAGER1', { viewId }, 'value')).rejects.toThrow(`"value" in view ${viewId} is a plain_text_input, not a button`);
    expect(app.received).toEqual([]);
  });

  it('when the caller builds its own block_actions payload, then its fields win over the defaults', async () => {
    const { app, driver } = await setup();
    const sent = await driver.blockActions('U0MANAGER1', { actions: [{ type: 'button', action_id: 'keep', block_id: 'forged', value: 'x', action_ts: '1.2' }], container: { type: 'message' } });
    expect(payloadOf(app.received[0])).toEqual({
      type: 'block_actions',
      user: USER,
      api_app_id: 'A0000001',
      token: 'legacy-verification-token',
      team: TEAM,
      trigger_id: sent.triggerId,
      actions: [{ type: 'button', action_id: 'keep', block_id: 'forged', value: 'x', action_ts: '1.2' }],
      container: { type: 'message' },
    });
  });
});

describe('Slack driver: view submissions and events', () => {
  const values = { note: { value: { type: 'plain_text_input', value: 'All accounts reviewed' } } };

  it('when a view is submitted, then the payload carries the view’s private_metadata, callback_id, hash and the given state', async () => {
    const { double, app, driver } = await setup(() => ({ json: { response_action: 'errors', errors: { note: 'Too short' } } }));
    const viewId = await openModal(double);
    const view = double.view(viewId);
    const submitted = await driver.submitView('U0MANAGER1', viewId, values);
    expect(payloadOf(app.received[0])).toEqual({
      type: 'view_submission',
      team: TEAM,
      user: USER,
      api_app_id: 'A0000001',
      token: 'legacy-verification-token',
      trigger_id: expect.stringMatching(/^\d+\.\d+\.[0-9a-f]{32}$/),
      view: { ...view, state: { values } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    });
    expect([view?.private_metadata, view?.callback_id]).toEqual(['{"review":"r-1"}', 'access-review']);
    expect([submitted.status, submitted.json, submitted.problems]).toEqual([200, { response_action: 'errors', errors: { note: 'Too short' } }, []]);
    expect(double.view(viewId)).toEqual(view);
  });

  it('when the app acks a submission with nothing, then the view closes', async () => {
    const { double, driver } = await setup();
    const viewId = await openModal(double);
    expect((await driver.submitView('U0MANAGER1', viewId, values)).problems).toEqual([]);
    expect(double.view(viewId)).toBeUndefined();
  });

  it('when the app answers a submission with an HTTP error, then the modal stays as it was and the problem is named', async () => {
    const { double, driver } = await setup(() => ({ status: 500 }));
    const viewId = await openModal(double);
    const before = double.view(viewId);
    expect((await driver.submitView('U0MANAGER1', viewId, values)).problems).toEqual(['the app answered HTTP 500']);
    expect(double.view(viewId)).toEqual(before);
  });

  it('when the app answers update, then the view is replaced with a new hash; an update Slack would refuse leaves it as it was', async () => {
    const answers: Answer[] = [{ json: { response_action: 'update', view: modal('Step 2') } }, { json: { response_action: 'update', view: modal('A title that is far too long') } }];
    const { double, driver } = await setup(() => answers.shift() ?? {});
    const viewId = await openModal(double);
    const before = double.view(viewId);
    expect((await driver.submitView('U0MANAGER1', viewId, values)).problems).toEqual([]);
    const after = double.view(viewId);
    expect([(after?.title as { text: string }).text, after?.hash === before?.hash]).toEqual(['Step 2', false]);
    expect((await driver.submitView('U0MANAGER1', viewId, values)).problems).toEqual(['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]']);
    expect(double.view(viewId)).toEqual(after);
  });

  it('when the app answers errors for a block that is not an input, or push and then clear, then the double does what Slack does', async () => {
    const answers: Answer[] = [{ json: { response_action: 'errors', errors: { more: 'no' } } }, { json: { response_action: 'push', view: modal('Confirm') } }, { json: { response_action: 'clear' } }];
    const { double, driver } = await setup(() => answers.shift() ?? {});
    const viewId = await openModal(double);
    expect((await driver.submitView('U0MANAGER1', viewId, values)).problems).toEqual(['[ERROR] not an input block_id of the view: more [json-pointer:/errors/more]']);
    await driver.submitView('U0MANAGER1', viewId, values);
    const pushed = double.views()[1];
    expect([double.views().length, pushed?.previous_view_id]).toEqual([2, viewId]);
    await driver.submitView('U0MANAGER1', pushed?.id ?? '', values);
    expect(double.views()).toEqual([]);
  });

  it('when the user closes a view, then the app gets view_closed and the view is gone', async () => {
    const { double, app, driver } = await setup();
    const viewId = await openModal(double, modal('Closable', { notify_on_close: true }));
    const view = double.view(viewId);
    await driver.closeView('U0MANAGER1', viewId);
    expect(payloadOf(app.received[0])).toEqual({
      type: 'view_closed',
      team: TEAM,
      user: USER,
      api_app_id: 'A0000001',
      token: 'legacy-verification-token',
      view,
      is_cleared: false,
      is_enterprise_install: false,
      enterprise: null,
    });
    expect(double.view(viewId)).toBeUndefined();
  });

  it('when an app_home_opened event is sent, then the app gets a signed JSON event_callback with the IM channel and the current Home view', async () => {
    const { double, app, driver, client } = await setup();
    await client.views.publish({ user_id: 'U0MANAGER1', view: { type: 'home', blocks: [] } });
    await driver.event({ type: 'app_home_opened', user: 'U0MANAGER1', tab: 'home' });
    const received = app.received[0];
    expect([received?.signatureValid, received?.headers['content-type']]).toEqual([true, 'application/json']);
    expect(JSON.parse(received?.body ?? '')).toEqual({
      token: 'legacy-verification-token',
      team_id: 'T0000001',
      api_app_id: 'A0000001',
      event: { event_ts: ACTION_TS, channel: double.dmChannel('U0MANAGER1'), view: double.home('U0MANAGER1'), type: 'app_home_opened', user: 'U0MANAGER1', tab: 'home' },
      type: 'event_callback',
      event_id: expect.stringMatching(/^Ev[0-9A-F]{10}$/),
      event_time: NOW_SECONDS,
      authorizations: [{ enterprise_id: null, team_id: 'T0000001', user_id: 'UBOT000001', is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event_context: expect.stringMatching(/^4-/),
    });
  });
});
