import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.ts';
import { actionRoute, eventRoute, routeActions, routeEvents, routeViews } from '../../src/listeners/router.ts';

const idleReceiver: Receiver = { init: () => undefined, start: async () => undefined, stop: async () => undefined };

function boltApp(): App {
  return new App({ receiver: idleReceiver, token: 'xoxb-test', botId: 'B0000001', botUserId: 'UBOT000001', tokenVerificationEnabled: false, convoStore: false, logger: silentLogger() });
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

function eventPayload(type: string): Record<string, unknown> {
  return { type: 'event_callback', team_id: 'T0000001', api_app_id: 'A0000001', token: 'x', event_id: 'Ev1', event_time: 1, event: { type, user: 'U0000001', tab: 'home', event_ts: '1.0' } };
}

describe('one Bolt listener per kind of payload, routed by ID', () => {
  it('when a button is pressed, then only the route whose exact ID or pattern matches handles it, and an unknown ID reaches none', async () => {
    const app = boltApp();
    const seen: string[] = [];
    routeActions(app, [
      actionRoute('review.next', async ({ ack, action }) => void (seen.push(`exact:${action.action_id}`), await ack())),
      actionRoute(/^request\.open\./, async ({ ack, action }) => void (seen.push(`pattern:${action.action_id}`), await ack())),
    ]);
    expect((await deliver(app, blockAction('request.open.R123'))).acked).toBe(true);
    expect((await deliver(app, blockAction('review.next'))).acked).toBe(true);
    // Neither a prefix nor a suffix of an exact ID matches it.
    expect((await deliver(app, blockAction('review.next.more'))).acked).toBe(false);
    expect((await deliver(app, blockAction('xreview.next'))).acked).toBe(false);
    expect((await deliver(app, blockAction('unknown'))).acked).toBe(false);
    expect(seen).toEqual(['pattern:request.open.R123', 'exact:review.next']);
  });

  it('when a modal is submitted or closed, then the submission and closing handlers of its callback ID run, a closing nobody handles is acked, and an unknown callback is left alone', async () => {
    const app = boltApp();
    const seen: string[] = [];
    routeViews(app, {
      submissions: {
        'review.modal': async ({ ack, view }) => void (seen.push(`submit:${view.callback_id}`), await ack({ response_action: 'clear' })),
        'ack.modal': async ({ ack, view }) => void (seen.push(`submit:${view.callback_id}`), await ack()),
      },
      closings: { 'review.modal': async ({ ack, view }) => void (seen.push(`closed:${view.callback_id}`), await ack()) },
    });
    const submitted = await deliver(app, viewPayload('view_submission', 'review.modal'));
    expect(submitted).toEqual({ acked: true, response: { response_action: 'clear' } });
    expect((await deliver(app, viewPayload('view_closed', 'review.modal'))).acked).toBe(true);
    expect((await deliver(app, viewPayload('view_closed', 'ack.modal'))).acked).toBe(true);
    expect((await deliver(app, viewPayload('view_submission', 'ack.modal'))).acked).toBe(true);
    expect((await deliver(app, viewPayload('view_submission', 'other.modal'))).acked).toBe(false);
    expect(seen).toEqual(['submit:review.modal', 'closed:review.modal', 'submit:ack.modal']);
  });

  it('when an event arrives, then only the handler of its type runs', async () => {
    const app = boltApp();
    const seen: string[] = [];
    routeEvents(app, [eventRoute('app_home_opened', async ({ event }) => void seen.push(`home:${event.tab}`)), eventRoute('team_join', async () => void seen.push('join'))]);
    await deliver(app, eventPayload('app_home_opened'));
    await deliver(app, eventPayload('member_joined_channel'));
    expect(seen).toEqual(['home:home']);
  });
});
