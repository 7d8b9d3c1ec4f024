import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { clientFor, slackError, startDouble } from './setup.ts';

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const modal = (title: string, extra: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  callback_id: 'access-review',
  private_metadata: '{"review":"r-1"}',
  title: plain(title),
  submit: plain('Attest'),
  blocks: [{ type: 'input', block_id: 'note', label: plain('Note'), element: { type: 'plain_text_input', action_id: 'value' } }],
  ...extra,
});

/** A double whose clock the test moves. */
async function setup() {
  const clock = { ms: Date.parse('2026-07-06T13:00:00.000Z') };
  const double = await startDouble({ now: () => clock.ms });
  return { clock, double, client: clientFor(double) };
}

describe('Slack Web API double: modals', () => {
  it('when views.open gets a fresh trigger and a valid modal, then the view comes back with the fields Slack adds, and is open in the double', async () => {
    const { double, client } = await setup();
    const trigger = double.issueTriggerId({ userId: 'U0MANAGER1' });
    expect(trigger).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
    const result = await client.views.open({ trigger_id: trigger, view: modal('GitHub access review') });
    const view = result.view;
    expect(view?.id).toMatch(/^V[0-9A-Z]{9}$/);
    expect(view?.hash).toMatch(/^1783342800\.[0-9a-f]{8}$/);
    expect(view).toEqual({
      ...modal('GitHub access review'),
      id: view?.id,
      hash: view?.hash,
      root_view_id: view?.id,
      previous_view_id: null,
      team_id: 'T0000001',
      app_id: 'A0000001',
      app_installed_team_id: 'T0000001',
      bot_id: 'B0000001',
      external_id: '',
      close: null,
      clear_on_close: false,
      notify_on_close: false,
      state: { values: {} },
    });
    expect(double.view(view?.id ?? '')).toEqual(view);
    expect(double.views()).toEqual([view]);
  });

  it('when a trigger_id is used after 3 seconds, then expired_trigger_id; at exactly 3 seconds it still works', async () => {
    const { clock, double, client } = await setup();
    const onTime = double.issueTriggerId();
    const late = double.issueTriggerId();
    clock.ms += 3_000;
    expect((await client.views.open({ trigger_id: onTime, view: modal('On time') })).ok).toBe(true);
    clock.ms += 1;
    expect(await slackError(client.views.open({ trigger_id: late, view: modal('Too late') }))).toEqual({ ok: false, error: 'expired_trigger_id', response_metadata: {} });
  });

  it('when a trigger_id is used twice or was never issued, then exchanged_trigger_id or invalid_trigger_id, and only one view opens', async () => {
    const { double, client } = await setup();
    const trigger = double.issueTriggerId();
    await client.views.open({ trigger_id: trigger, view: modal('First') });
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal('Second') }))).toEqual({ ok: false, error: 'exchanged_trigger_id', response_metadata: {} });
    expect(await slackError(client.views.open({ trigger_id: '123.456.abc', view: modal('Forged') }))).toEqual({ ok: false, error: 'invalid_trigger_id', response_metadata: {} });
    expect(double.views().map((view) => (view.title as { text: string }).text)).toEqual(['First']);
  });

  it('when the modal breaks a limit or has no trigger, then invalid_arguments names the pointer, and the trigger stays unused', async () => {
    const { double, client } = await setup();
    const trigger = double.issueTriggerId();
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal('A title that is far too long') }))).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });
    expect(await slackError(client.apiCall('views.open', { view: modal('No trigger') }))).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] },
    });
    expect(await slackError(client.views.open({ trigger_id: trigger, view: { type: 'home', blocks: [] } as never }))).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be a valid enum value [json-pointer:/view/type]'] },
    });
    expect((await client.views.open({ trigger_id: trigger, view: modal('Fixed') })).ok).toBe(true);
  });

  it('when views.update carries the current hash, then the view changes and gets a new hash; a stale hash is hash_conflict', async () => {
    const { double, client } = await setup();
    const opened = (await client.views.open({ trigger_id: double.issueTriggerId(), view: modal('Step 1') })).view;
    const updated = (await client.views.update({ view_id: opened?.id ?? '', hash: opened?.hash ?? '', view: modal('Step 2') })).view;
    expect(updated?.id).toBe(opened?.id);
    expect(updated?.hash).not.toBe(opened?.hash);
    expect((double.view(opened?.id ?? '')?.title as { text: string }).text).toBe('Step 2');
    expect(await slackError(client.views.update({ view_id: opened?.id ?? '', hash: opened?.hash ?? '', view: modal('Step 3') }))).toEqual({ ok: false, error: 'hash_conflict', response_metadata: {} });
    expect((double.view(opened?.id ?? '')?.title as { text: string }).text).toBe('Step 2');
  });

  it('when views.update names a view by external_id, or a view that is not open, then it updates or answers not_found', async () => {
    const { double, client } = await setup();
    await client.views.open({ trigger_id: double.issueTriggerId(), view: modal('Mine', { external_id: 'review-r-1' }) });
    const updated = await client.views.update({ external_id: 'review-r-1', view: modal('Updated', { external_id: 'review-r-1' }) });
    expect((updated.view?.title as { text: string }).text).toBe('Updated');
    expect(await slackError(client.views.update({ view_id: 'V0NOTOPEN1', view: modal('x') }))).toEqual({ ok: false, error: 'not_found', response_metadata: {} });
    expect(await slackError(client.views.open({ trigger_id: double.issueTriggerId(), view: modal('Dup', { external_id: 'review-r-1' }) }))).toEqual({ ok: false, error: 'duplicate_external_id', response_metadata: {} });
  });

  it('when views.push uses a trigger from inside the modal, then views stack up to 3, and the next push is push_limit_reached', async () => {
    const { double, client } = await setup();
    const root = (await client.views.open({ trigger_id: double.issueTriggerId({ userId: 'U0MANAGER1' }), view: modal('Root') })).view;
    const second = (await client.views.push({ trigger_id: double.issueTriggerId({ userId: 'U0MANAGER1', viewId: root?.id ?? '' }), view: modal('Second') })).view;
    expect([second?.root_view_id, second?.previous_view_id]).toEqual([root?.id, root?.id]);
    const third = (await client.views.push({ trigger_id: double.issueTriggerId({ userId: 'U0MANAGER1', viewId: second?.id ?? '' }), view: modal('Third') })).view;
    expect([third?.root_view_id, third?.previous_view_id]).toEqual([root?.id, second?.id]);
    expect(await slackError(client.views.push({ trigger_id: double.issueTriggerId({ viewId: third?.id ?? '' }), view: modal('Fourth') }))).toEqual({ ok: false, error: 'push_limit_reached', response_metadata: {} });
    expect(double.views().map((view) => view.id)).toEqual([root?.id, second?.id, third?.id]);
  });

  it('when views.push uses a trigger that did not come from an open modal, then not_found', async () => {
    const { double, client } = await setup();
    expect(await slackError(client.views.push({ trigger_id: double.issueTriggerId({ userId: 'U0MANAGER1' }), view: modal('Orphan') }))).toEqual({ ok: false, error: 'not_found', response_metadata: {} });
  });
});

describe('Slack Web API double: Home tabs', () => {
  const home = (text: string, count = 1) => ({ type: 'home' as const, blocks: Array.from({ length: count }, () => ({ type: 'section', text: { type: 'mrkdwn', text } })) });

  it('when the bot publishes a Home tab twice, then the view ID stays and the hash moves on', async () => {
    const { double, client } = await setup();
    const first = (await client.views.publish({ user_id: 'U0MANAGER1', view: home('2 requests open') })).view;
    expect(first).toEqual({
      ...home('2 requests open'),
      id: first?.id,
      hash: first?.hash,
      root_view_id: first?.id,
      previous_view_id: null,
      team_id: 'T0000001',
      app_id: 'A0000001',
      app_installed_team_id: 'T0000001',
      bot_id: 'B0000001',
      callback_id: '',
      private_metadata: '',
      external_id: '',
      close: null,
      submit: null,
      clear_on_close: false,
      notify_on_close: false,
      state: { values: {} },
    });
    const second = (await client.views.publish({ user_id: 'U0MANAGER1', view: home('1 request open'), hash: first?.hash ?? '' })).view;
    expect(second?.id).toBe(first?.id);
    expect(second?.hash).not.toBe(first?.hash);
    expect(double.home('U0MANAGER1')).toEqual(second);
    expect(await slackError(client.views.publish({ user_id: 'U0MANAGER1', view: home('stale'), hash: first?.hash ?? '' }))).toEqual({ ok: false, error: 'hash_conflict', response_metadata: {} });
  });

  it('when a Home tab is not type home, names nobody or has 101 blocks, then invalid_arguments', async () => {
    const { client } = await setup();
    expect(await slackError(client.views.publish({ user_id: 'U0MANAGER1', view: modal('Wrong surface') }))).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be a valid enum value [json-pointer:/view/type]'] },
    });
    expect(await slackError(client.views.publish({ user_id: 'U0NOBODY01', view: home('x') }))).toEqual({ ok: false, error: 'invalid_arguments', response_metadata: { messages: ['invalid `user_id`'] } });
    expect(await slackError(client.views.publish({ user_id: 'U0MANAGER1', view: home('x', 101) }))).toEqual({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]'] },
    });
  });
});
