import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { actionRoute, eventRoute, installRoutes, type Routes } from '../../src/listeners/router.ts';

const idleReceiver: Receiver = { init: () => undefined, start: async () => undefined, stop: async () => undefined };

/** A Bolt app answering only the given routes. */
function boltApp(given: Partial<Routes>, onRequest?: () => void): App {
  const app = new App({ receiver: idleReceiver, token: 'xoxb-test', botId: 'B0000001', botUserId: 'UBOT000001', tokenVerificationEnabled: false, convoStore: false, logger: silentLogger() });
  installRoutes(app, { commands: {}, actions: [], views: { submissions: {}, closings: {} }, events: [], shortcuts: {}, ...given }, onRequest);
  return app;
}

/** Hands Bolt a payload as its receiver would and tells whether the listener acked it. */
async function deliver(app: App, body: Record<string, unknown>): Promise<{ acked: boolean; response?: unknown }> {
  const result: { acked: boolean; response?: unknown } = { acked: false };
  await app.processEvent({
    body,
    ack: async (response?: unknown) => {
      result.acked = true;
      result.response = response;
    },
  });
  return result;
}

const user = { id: 'U0000001', username: 'avery', name: 'avery', team_id: 'T0000001' };
const team = { id: 'T0000001', domain: 'example' };

function blockAction(actionId: string): Record<string, unknown> {
  return { type: 'block_actions', team, user, api_app_id: 'A0000001', token: 'x', trigger_id: '1.2.3', actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v', action_ts: '1' }] };
}

function viewPayload(type: 'view_submission' | 'view_closed', callbackId: string): Record<string, unknown> {
  return { type, team, user, api_app_id: 'A0000001', token: 'x', view: { id: 'V0000001', team_id: 'T0000001', type: 'modal', callback_id: callbackId, private_metadata: '', hash: '1.a', state: { values: {} } } };
}

function commandPayload(command: string): Record<string, unknown> {
  return { token: 'x', team_id: 'T0000001', team_domain: 'example', channel_id: 'C0000001', channel_name: 'general', user_id: 'U0000001', user_name: 'avery', command, text: 'status', api_app_id: 'A0000001', response_url: 'https://hooks.slack.com/commands/1', trigger_id: '1.2.3' };
}

function shortcutPayload(callbackId: string): Record<string, unknown> {
  return { type: 'message_action', callback_id: callbackId, team, user, channel: { id: 'C0000001', name: 'general' }, message: { type: 'message', text: 'db down', ts: '1.0' }, message_ts: '1.0', response_url: 'https://hooks.slack.com/actions/1', trigger_id: '1.2.3', action_ts: '1', token: 'x' };
}

function eventPayload(type: string): Record<string, unknown> {
  return { type: 'event_callback', team_id: 'T0000001', api_app_id: 'A0000001', token: 'x', event_id: 'Ev1', event_time: 1, event: { type, user: 'U0000001', tab: 'home', event_ts: '1.0' } };
}

describe('one middleware routes every payload by its type and ID', () => {
  it('when a button is pressed, then only the route whose exact ID or pattern matches handles it, and an unknown ID reaches none (it is acked as unrouted)', async () => {
    const seen: string[] = [];
    const app = boltApp({
      actions: [
        actionRoute('review.next', async ({ ack, action }) => void (seen.push(`exact:${action.action_id}`), await ack())),
        actionRoute(/^request\.open\./, async ({ ack, action }) => void (seen.push(`pattern:${action.action_id}`), await ack())),
      ],
    });
    expect((await deliver(app, blockAction('request.open.R123'))).acked).toBe(true);
    expect((await deliver(app, blockAction('review.next'))).acked).toBe(true);
    // Neither a prefix nor a suffix of an exact ID matches it.
    expect(await deliver(app, blockAction('review.next.more'))).toEqual({ acked: true, response: undefined });
    expect(await deliver(app, blockAction('xreview.next'))).toEqual({ acked: true, response: undefined });
    expect(await deliver(app, blockAction('unknown'))).toEqual({ acked: true, response: undefined });
    expect(seen).toEqual(['pattern:request.open.R123', 'exact:review.next']);
  });

  it('when a modal is submitted or closed, then the submission and closing handlers of its callback ID run, a closing nobody handles is acked, and an unknown callback reaches none: its form is replaced by one saying nothing was recorded', async () => {
    const seen: string[] = [];
    const app = boltApp({
      views: {
        submissions: {
          'review.modal': async ({ ack, view }) => void (seen.push(`submit:${view.callback_id}`), await ack({ response_action: 'clear' })),
          'ack.modal': async ({ ack, view }) => void (seen.push(`submit:${view.callback_id}`), await ack()),
        },
        closings: { 'review.modal': async ({ ack, view }) => void (seen.push(`closed:${view.callback_id}`), await ack()) },
      },
    });
    const submitted = await deliver(app, viewPayload('view_submission', 'review.modal'));
    expect(submitted).toEqual({ acked: true, response: { response_action: 'clear' } });
    expect((await deliver(app, viewPayload('view_closed', 'review.modal'))).acked).toBe(true);
    expect((await deliver(app, viewPayload('view_closed', 'ack.modal'))).acked).toBe(true);
    expect((await deliver(app, viewPayload('view_submission', 'ack.modal'))).acked).toBe(true);
    expect(await deliver(app, viewPayload('view_submission', 'other.modal'))).toMatchObject({ acked: true, response: { response_action: 'update', view: { title: { text: 'Not recorded' } } } });
    expect(await deliver(app, viewPayload('view_closed', 'other.modal'))).toEqual({ acked: true, response: undefined });
    expect(seen).toEqual(['submit:review.modal', 'closed:review.modal', 'submit:ack.modal']);
  });

  it('when an event arrives, then only the handler of its type runs', async () => {
    const seen: string[] = [];
    const app = boltApp({ events: [eventRoute('app_home_opened', async ({ event }) => void seen.push(`home:${event.tab}`)), eventRoute('team_join', async () => void seen.push('join'))] });
    await deliver(app, eventPayload('app_home_opened'));
    await deliver(app, eventPayload('member_joined_channel'));
    expect(seen).toEqual(['home:home']);
  });

  it('when a slash command arrives, then the handler of its name answers it, and another command is told privately that the bot does not answer it', async () => {
    const app = boltApp({ commands: { '/evidence': async ({ ack, command }) => ack({ response_type: 'ephemeral', text: `${command.command} ${command.text}` }) } });
    expect(await deliver(app, commandPayload('/evidence'))).toEqual({ acked: true, response: { response_type: 'ephemeral', text: '/evidence status' } });
    expect(await deliver(app, commandPayload('/other'))).toEqual({ acked: true, response: { response_type: 'ephemeral', text: 'evidence-bot does not answer /other. Try `/evidence help`.' } });
  });

  it('when a message shortcut is used, then the handler of its callback ID runs, and an unknown one reaches none (it is acked as unrouted)', async () => {
    const seen: string[] = [];
    const app = boltApp({ shortcuts: { 'incident.log': async ({ ack, shortcut }) => void (seen.push(shortcut.message_ts), await ack()) } });
    expect((await deliver(app, shortcutPayload('incident.log'))).acked).toBe(true);
    expect(await deliver(app, shortcutPayload('other'))).toEqual({ acked: true, response: undefined });
    expect(seen).toEqual(['1.0']);
  });

  it('when any request arrives, matched or not, then it is marked before it is routed', async () => {
    const order: string[] = [];
    const app = boltApp({ commands: { '/evidence': async ({ ack }) => void (order.push('handled'), await ack()) } }, () => order.push('marked'));
    await deliver(app, commandPayload('/evidence'));
    await deliver(app, commandPayload('/other'));
    await deliver(app, eventPayload('member_joined_channel'));
    expect(order).toEqual(['marked', 'handled', 'marked', 'marked']);
  });
});
