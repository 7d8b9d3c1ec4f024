import { describe, expect, it } from 'vitest';
import { SLACK_BODY_LIMIT } from '../../src/app.ts';
import { openActionId } from '../../views/requests.ts';
import { startTestApp, type AppHarness } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';

/** Everything a Slack request could have changed: rows in SQLite and calls the bot made to Slack. */
function footprint(h: AppHarness) {
  const count = (table: string) => h.bot.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
  return { requests: count('requests'), answered: h.bot.db.prepare("SELECT COUNT(*) FROM requests WHERE state = 'answered'").pluck().get(), events: count('request_events'), jobs: count('artifact_jobs'), artifacts: count('artifacts'), incidents: count('incidents'), calls: h.double.calls.filter((call) => call.method !== 'auth.test').length };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** One of each kind of request Slack sends the app, built as Slack encodes it. */
function bodies(h: AppHarness, requestId: string): Record<string, string> {
  const user = { id: 'U0ENGINEE1', username: 'eli', name: 'eli', team_id: h.double.teamId };
  const team = { id: h.double.teamId, domain: 'example' };
  return {
    'slash command': form({ token: 'x', team_id: h.double.teamId, team_domain: 'example', channel_id: 'C0COMPLIAN', channel_name: 'compliance', user_id: 'U0ADMIN001', user_name: 'avery', command: '/evidence', text: 'acknowledgments', api_app_id: h.double.appId, response_url: 'http://127.0.0.1:1/none', trigger_id: '1.2.3' }),
    'block action': form({ payload: JSON.stringify({ type: 'block_actions', user, team, api_app_id: h.double.appId, token: 'x', trigger_id: '1.2.3', container: { type: 'message' }, actions: [{ type: 'button', action_id: openActionId(requestId), block_id: 'b', value: requestId, action_ts: '1.0' }] }) }),
    'view submission': form({ payload: JSON.stringify({ type: 'view_submission', user, team, api_app_id: h.double.appId, token: 'x', trigger_id: '1.2.3', view: { id: 'V0FORGED01', type: 'modal', callback_id: 'acknowledgment', private_metadata: JSON.stringify({ requestId }), state: { values: {} } } }) }),
    'message shortcut': form({ payload: JSON.stringify({ type: 'message_action', callback_id: 'log_incident', user, team, channel: { id: 'C0COMPLIAN', name: 'compliance' }, token: 'x', trigger_id: '1.2.3', message_ts: '1.2', message: { type: 'message', text: 'x', ts: '1.2' }, response_url: 'http://127.0.0.1:1/none' }) }),
    event: JSON.stringify({ token: 'x', team_id: h.double.teamId, api_app_id: h.double.appId, type: 'event_callback', event_id: 'Ev0FORGED', event_time: 1, event: { type: 'app_home_opened', user: 'U0ENGINEE1', channel: 'D0X', tab: 'home' } }),
  };
}

async function openRequest(h: AppHarness): Promise<string> {
  await h.driver.command('U0ADMIN001', '/evidence', 'acknowledgments');
  await eventually(() => h.bot.db.prepare('SELECT COUNT(*) FROM requests').pluck().get() === 4);
  await h.bot.services.tick();
  return h.bot.db.prepare("SELECT id FROM requests WHERE assignee = 'U0ENGINEE1'").pluck().get() as string;
}

describe('security: requests that claim to come from Slack', () => {
  it('when any kind of Slack request is forged, unsigned, replayed after 5 minutes, or altered after signing, then it gets 401 and changes nothing', async () => {
    const h = await startTestApp();
    const requestId = await openRequest(h);
    const before = footprint(h);
    const now = Math.floor(Date.now() / 1000);
    for (const [kind, body] of Object.entries(bodies(h, requestId))) {
      const signed = h.driver.sign(body, now);
      const attempts: Record<string, [string, Record<string, string>]> = {
        forged: [body, { ...signed, 'X-Slack-Signature': `v0=${'0'.repeat(64)}` }],
        unsigned: [body, { 'Content-Type': signed['Content-Type']! }],
        'replayed after 6 minutes': [body, h.driver.sign(body, now - 6 * 60)],
        'altered after signing': [body.replace('U0ENGINEE1', 'U0ENGINEE2').replace('U0ADMIN001', 'U0ENGINEE2'), signed],
        'signed with another secret': [body, { ...signed, 'X-Slack-Signature': `v0=${'ab'.repeat(32)}` }],
      };
      for (const [attack, [sent, headers]] of Object.entries(attempts)) {
        const reply = await h.driver.raw(sent, headers);
        expect(reply.status, `${kind}, ${attack}`).toBe(401);
      }
    }
    await h.bot.services.tick();
    expect(footprint(h)).toEqual(before);
  });

  it('when a signed body is larger than the limit, then it is refused without being read to the end, and nothing changes', async () => {
    const h = await startTestApp();
    const before = footprint(h);
    const body = form({ payload: JSON.stringify({ type: 'block_actions', padding: 'x'.repeat(SLACK_BODY_LIMIT + 10) }) });
    const reply = await h.driver.raw(body, h.driver.sign(body, Math.floor(Date.now() / 1000)));
    expect(reply.status).toBe(413);
    expect(footprint(h)).toEqual(before);
    // And the app still answers afterwards.
    expect((await h.driver.command('U0ENGINEE1', '/evidence', 'help')).status).toBe(200);
  });

  it('when a correctly signed body is not JSON, not a form, or nested hundreds deep, then the app answers without crashing and nothing changes', async () => {
    const h = await startTestApp();
    const before = footprint(h);
    const now = Math.floor(Date.now() / 1000);
    const nested = `{"type":"event_callback","event":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`;
    const samples = ['{"type": "event_callback", "event": ', 'payload=%7Bnot-json', nested, 'payload=' + encodeURIComponent(JSON.stringify({ type: 'view_submission' }))];
    const statuses = [];
    for (const body of samples) statuses.push((await h.driver.raw(body, h.driver.sign(body, now))).status);
    expect(statuses).toEqual([400, 400, 200, 400]);
    const refused = await h.driver.raw(samples[3]!, h.driver.sign(samples[3]!, now));
    expect(refused.json).toEqual({ ok: false, error: 'malformed payload: a view_submission payload without user.id' });
    await h.bot.services.tick();
    expect(footprint(h)).toEqual(before);
    expect((await h.driver.command('U0ENGINEE1', '/evidence', 'help')).status).toBe(200);
  });

  it('when a person who is not an admin runs any admin command, then they are told so and nothing runs', async () => {
    const h = await startTestApp({ yaml: `admins: [U0ADMIN001]\nsystems:\n  - { id: github, name: GitHub, reviewers: [U0MANAGER1], connector: { type: file, path: exports/github.csv } }\npolicies:\n  - { id: infosec, name: Information Security Policy, version: "1", url: "https://intranet.example.com/infosec" }\n` });
    const before = footprint(h);
    for (const text of ['status', 'status CC6.1', 'acknowledgments', 'review github']) {
      const reply = await h.driver.command('U0ENGINEE1', '/evidence', text);
      expect(reply.status).toBe(200);
      expect(JSON.stringify(reply.json), text).toContain('is for the compliance admins configured in evidence-bot');
    }
    await h.bot.services.tick();
    expect(footprint(h).requests).toBe(before.requests);
  });
});
