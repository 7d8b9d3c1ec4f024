import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { SlackDriver, type SlackDouble } from '../../src/slack-double/index.ts';
import { clientFor, startDouble, TOKEN } from './setup.ts';

const SECRET = 'test-signing-secret-0123456789';
const plain = (text: string) => ({ type: 'plain_text' as const, text });

const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});

/** Bolt acks before its listener finishes, so the Web API calls that follow land a moment later. */
async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 2_000) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A real Bolt app in HTTP mode, configured as src/app.ts does, talking to the double. */
async function startBolt(double: SlackDouble): Promise<SlackDriver> {
  const receiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', processBeforeResponse: false, logger: silentLogger() });
  const app = new App({
    token: TOKEN,
    botId: double.botId,
    botUserId: double.botUserId,
    tokenVerificationEnabled: false,
    receiver,
    logger: silentLogger(),
    clientOptions: { slackApiUrl: double.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/evidence', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'attest',
        private_metadata: body.text,
        title: plain('Attest'),
        submit: plain('Sign'),
        blocks: [{ type: 'input', block_id: 'note', label: plain('Note'), element: { type: 'plain_text_input', action_id: 'value' } }],
      },
    });
  });
  app.view('attest', async ({ ack, view }) => {
    await ack({ response_action: 'errors', errors: { note: `${view.private_metadata}: ${view.state.values.note?.value?.value ?? ''}` } });
  });
  app.action('keep', async ({ ack, respond }) => {
    await ack();
    await respond({ text: 'Kept', replace_original: false });
  });
  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Hello <@${event.user}>` } }] } });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  apps.push(app);
  return new SlackDriver({ appUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, signingSecret: SECRET, double });
}

describe('Slack driver and double with a real Bolt app', () => {
  it('when a command opens a modal and the modal is submitted, then Bolt verifies, parses and answers what the driver sent', async () => {
    const double = await startDouble();
    const driver = await startBolt(double);
    expect((await driver.command('U0MANAGER1', '/evidence', 'review-r-1')).status).toBe(200);
    await until(() => double.views().length === 1);
    const viewId = double.views()[0]?.id ?? '';
    const submitted = await driver.submitView('U0MANAGER1', viewId, { note: { value: { type: 'plain_text_input', value: 'all good' } } });
    expect([submitted.status, submitted.json, submitted.problems]).toEqual([200, { response_action: 'errors', errors: { note: 'review-r-1: all good' } }, []]);
  });

  it('when a button is clicked and the Home tab opened, then Bolt’s respond() and views.publish reach the double', async () => {
    const double = await startDouble();
    const driver = await startBolt(double);
    const message = await clientFor(double).chat.postMessage({ channel: 'U0MANAGER1', text: 'Review', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'keep', text: plain('Keep') }] }] });
    await driver.clickButton('U0MANAGER1', { channel: 'U0MANAGER1', ts: message.ts ?? '' }, 'keep');
    await until(() => double.responses().length === 1);
    expect(double.responses()[0]?.body).toEqual({ text: 'Kept', replace_original: false });
    await driver.event({ type: 'app_home_opened', user: 'U0MANAGER1', tab: 'home' });
    await until(() => double.home('U0MANAGER1') !== undefined);
    expect(double.home('U0MANAGER1')?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Hello <@U0MANAGER1>' } }]);
  });

  it('when a request is signed with the wrong secret or is stale, then Bolt refuses it with 401', async () => {
    const double = await startDouble();
    const driver = await startBolt(double);
    const body = 'command=%2Fevidence&text=x';
    const forged = new SlackDriver({ appUrl: 'unused', signingSecret: 'not-the-secret', double }).sign(body, Math.floor(Date.now() / 1000));
    expect((await driver.raw(body, forged)).status).toBe(401);
    expect((await driver.raw(body, driver.sign(body, Math.floor(Date.now() / 1000) - 6 * 60))).status).toBe(401);
  });
});
