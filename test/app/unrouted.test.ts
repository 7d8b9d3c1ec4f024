import { describe, expect, it } from 'vitest';
import { startTestApp, type AppHarness } from '../helpers/app.ts';

function signedPost(h: AppHarness, body: string) {
  return h.driver.raw(body, h.driver.sign(body, Math.floor(Date.now() / 1000)));
}

function payload(value: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(value) }).toString();
}

const USER = { id: 'U0ENGINEE1', username: 'eli', name: 'eli', team_id: 'T0000001' };

describe('signed requests no route answers', () => {
  it('when a form, a button, a command or a shortcut the app does not have arrives, then each is answered at once, the person is told where Slack can show it, the log names it, and nothing changes', async () => {
    const h = await startTestApp();
    const before = h.bot.db.prepare('SELECT (SELECT COUNT(*) FROM requests) + (SELECT COUNT(*) FROM request_events) + (SELECT COUNT(*) FROM artifact_jobs)').pluck().get();

    const form = await signedPost(h, payload({ type: 'view_submission', team: { id: 'T0000001' }, user: USER, api_app_id: 'A0000001', trigger_id: '1.2.3', view: { id: 'V0OLD00001', type: 'modal', callback_id: 'legacy.form', private_metadata: '', state: { values: {} } } }));
    expect(form.status).toBe(200);
    expect(form.json).toMatchObject({ response_action: 'update', view: { title: { text: 'Not recorded' } } });

    const button = await signedPost(h, payload({ type: 'block_actions', team: { id: 'T0000001' }, user: USER, api_app_id: 'A0000001', trigger_id: '1.2.3', container: { type: 'message' }, actions: [{ action_id: 'legacy.button', block_id: 'b', type: 'button', value: 'x', action_ts: '1' }] }));
    expect(button.status).toBe(200);

    const commandBody = new URLSearchParams({ team_id: 'T0000001', channel_id: 'C0COMPLIAN', user_id: 'U0ENGINEE1', user_name: 'eli', command: '/audit', text: 'now', api_app_id: 'A0000001', response_url: 'http://127.0.0.1:1/none', trigger_id: '1.2.3' }).toString();
    const command = await signedPost(h, commandBody);
    expect(command.status).toBe(200);
    expect(command.json).toEqual({ response_type: 'ephemeral', text: 'evidence-bot does not answer /audit. Try `/evidence help`.' });

    const shortcut = await signedPost(h, payload({ type: 'shortcut', team: { id: 'T0000001' }, user: USER, api_app_id: 'A0000001', callback_id: '__proto__', trigger_id: '1.2.3' }));
    expect(shortcut.status).toBe(200);

    // Bolt's own answer to each was a 404, after three seconds.
    const warnings = h.logs.filter((line) => line.includes('a Slack request no route answers'));
    expect(warnings.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'a Slack request no route answers: view_submission callback_id "legacy.form"',
      'a Slack request no route answers: block_actions action_id "legacy.button"',
      'a Slack request no route answers: slash command "/audit"',
      'a Slack request no route answers: shortcut callback_id "__proto__"',
    ]);
    expect(h.bot.db.prepare('SELECT (SELECT COUNT(*) FROM requests) + (SELECT COUNT(*) FROM request_events) + (SELECT COUNT(*) FROM artifact_jobs)').pluck().get()).toBe(before);
  });
});
