import { describe, expect, it } from 'vitest';
import { HOUR } from '../../src/clock.ts';
import { ACK_IDS } from '../../views/acknowledgment.ts';
import { openActionId } from '../../views/requests.ts';
import { BOT_TOKEN, DEFAULT_YAML, SIGNING_SECRET, startTestApp, type AppHarness } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';

function commandBody(userId: string, text: string): string {
  return new URLSearchParams({ token: 'x', team_id: 'T0000001', team_domain: 'example', channel_id: 'C0COMPLIAN', channel_name: 'compliance', user_id: userId, user_name: 'avery', command: '/evidence', text, api_app_id: 'A0000001', response_url: 'http://127.0.0.1:1/none', trigger_id: '1.2.3' }).toString();
}

function requestCount(h: AppHarness): number {
  return h.bot.db.prepare('SELECT COUNT(*) FROM requests').pluck().get() as number;
}

function ephemeralText(reply: { json?: unknown }): string {
  return JSON.stringify(reply.json ?? {});
}

describe('the Slack app over signed HTTP', () => {
  it('when a request carries a forged signature, then it gets 401 and nothing changes', async () => {
    const h = await startTestApp();
    const body = commandBody('U0ADMIN001', 'acknowledgments');
    const forged = { ...h.driver.sign(body, Math.floor(Date.now() / 1000)), 'x-slack-signature': `v0=${'0'.repeat(64)}` };
    const reply = await h.driver.raw(body, forged);
    expect(reply.status).toBe(401);
    const unsigned = await h.driver.raw(body, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(unsigned.status).toBe(401);
    await h.bot.services.tick();
    expect(requestCount(h)).toBe(0);
    expect(h.double.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  });

  it('when a correctly signed request is older than 5 minutes, then it gets 401 as a replay and nothing changes', async () => {
    const h = await startTestApp();
    const body = commandBody('U0ADMIN001', 'acknowledgments');
    const reply = await h.driver.raw(body, h.driver.sign(body, Math.floor(Date.now() / 1000) - 6 * 60));
    expect(reply.status).toBe(401);
    await h.bot.services.tick();
    expect(requestCount(h)).toBe(0);
  });

  it('when a person who is not an admin runs an admin command, then they are told so and nothing runs', async () => {
    const h = await startTestApp();
    const reply = await h.driver.command('U0ENGINEE1', '/evidence', 'acknowledgments');
    expect(reply.status).toBe(200);
    expect(ephemeralText(reply)).toContain('is for the compliance admins configured in evidence-bot');
    const status = await h.driver.command('U0ENGINEE1', '/evidence', 'status');
    expect(ephemeralText(status)).toContain('`/evidence status` is for the compliance admins');
    await h.bot.services.tick();
    expect(requestCount(h)).toBe(0);
  });

  it('when an admin asks for status, then the ephemeral answer lists each control and who has not acknowledged', async () => {
    const h = await startTestApp();
    await h.driver.command('U0ADMIN001', '/evidence', 'acknowledgments');
    await eventually(() => requestCount(h) === 4, { what: 'the campaign' });
    await h.bot.services.tick();
    const reply = await h.driver.command('U0ADMIN001', '/evidence', 'status');
    expect(reply.status).toBe(200);
    const answer = reply.json as { response_type: string; blocks: { type: string; text?: { text: string } }[] };
    expect(answer.response_type).toBe('ephemeral');
    const text = answer.blocks.map((block) => block.text?.text ?? '').join('\n');
    expect(text).toContain('*CC1.4*: *no evidence yet* · 0 this quarter · requests 4 open');
    expect(text).toContain('*CC6.1*: *no evidence yet* · 0 this quarter · requests 0 open');
    expect(text).toContain('*Policy acknowledgments 2026:* 0 of 4 signed.');
    expect(text).toContain('<@U0ENGINEE1>');
    const one = await h.driver.command('U0ADMIN001', '/evidence', 'status cc1.4');
    const oneText = JSON.stringify(one.json);
    expect(oneText).toContain('CC1.4');
    expect(oneText).not.toContain('CC6.1');
    const bad = await h.driver.command('U0ADMIN001', '/evidence', 'status CC9.9');
    expect(ephemeralText(bad)).toContain('Unknown control CC9.9');
    expect(h.double.calls.filter((call) => !call.ok)).toEqual([]);
  });

  it('when something is signed or time passes between two status requests, then the second answer shows it', async () => {
    const h = await startTestApp();
    await h.driver.command('U0ADMIN001', '/evidence', 'acknowledgments');
    await eventually(() => requestCount(h) === 4, { what: 'the campaign' });
    await h.bot.services.tick();
    const statusText = async () => ((await h.driver.command('U0ADMIN001', '/evidence', 'status')).json as { blocks: { text?: { text: string } }[] }).blocks.map((block) => block.text?.text ?? '').join('\n');
    expect(await statusText()).toContain('*Policy acknowledgments 2026:* 0 of 4 signed.');
    expect(await statusText()).toContain('requests 4 open ·');
    const eli = h.bot.db.prepare("SELECT id FROM requests WHERE assignee = 'U0ENGINEE1'").pluck().get() as string;
    const dm = h.double.messages(h.double.dmChannel('U0ENGINEE1')).find((m) => JSON.stringify(m.blocks ?? []).includes(openActionId(eli)))!;
    await h.driver.clickButton('U0ENGINEE1', { channel: dm.channel, ts: dm.ts }, openActionId(eli));
    const view = await eventually(() => h.double.views().find((v) => v.private_metadata.includes(eli)));
    await h.driver.submitView('U0ENGINEE1', view.id, {
      [`${ACK_IDS.policiesBlockPrefix}0`]: { [ACK_IDS.policiesAction]: { type: 'checkboxes', selected_options: [{ value: 'infosec@2026.1' }, { value: 'acceptable-use@3' }] } },
      [ACK_IDS.trainingBlock]: { [ACK_IDS.trainingAction]: { type: 'checkboxes', selected_options: [{ value: 'training@2026' }] } },
    });
    expect(await statusText()).toContain('*Policy acknowledgments 2026:* 1 of 4 signed.');
    // Nothing written, but the requests fall due: overdue is judged by the clock.
    h.clock.advance(8 * 24 * HOUR);
    expect(await statusText()).toContain('*3 overdue*');
  });

  it('when a person opens App Home, then what is waiting for them comes first, with a button that opens it', async () => {
    const h = await startTestApp();
    await h.driver.command('U0ADMIN001', '/evidence', 'acknowledgments');
    await eventually(() => requestCount(h) === 4);
    await h.bot.services.tick();
    h.clock.advance(8 * 24 * HOUR);
    await h.bot.services.tick();
    const reply = await h.driver.event({ type: 'app_home_opened', user: 'U0ENGINEE2', channel: h.double.dmChannel('U0ENGINEE2'), tab: 'home', event_ts: '1.2' });
    expect(reply.status).toBe(200);
    const home = await eventually(() => h.double.home('U0ENGINEE2'), { what: 'the home tab' });
    const blocks = JSON.stringify(home.blocks);
    expect(blocks).toContain('What is waiting for you');
    expect(blocks).toContain(':large_orange_circle: *Overdue.* *Policy acknowledgment 2026*');
    expect(blocks).not.toContain('Evidence status');
    const request = h.bot.db.prepare("SELECT id FROM requests WHERE assignee = 'U0ENGINEE2'").pluck().get() as string;
    await h.driver.clickButton('U0ENGINEE2', { homeOf: 'U0ENGINEE2' }, openActionId(request));
    await eventually(() => h.double.views().find((view) => view.callback_id === 'ack.sign'), { what: 'the modal from App Home' });

    await h.driver.event({ type: 'app_home_opened', user: 'U0ADMIN001', channel: h.double.dmChannel('U0ADMIN001'), tab: 'home', event_ts: '1.3' });
    const adminHome = await eventually(() => h.double.home('U0ADMIN001'));
    expect(JSON.stringify(adminHome.blocks)).toContain('Evidence status, 2026-Q3');
  });

  it('when working hours are on, then a reminder due at night waits for the recipient’s morning', async () => {
    const h = await startTestApp({ yaml: `${DEFAULT_YAML}\nworkingHours:\n  enabled: true\n  start: "09:00"\n  end: "17:00"\n`, start: '2026-07-06T20:00:00.000Z' });
    await h.driver.command('U0ADMIN001', '/evidence', 'acknowledgments');
    await eventually(() => requestCount(h) === 4);
    await h.bot.services.tick();
    // Asked Monday 22:00 in Berlin; 48 h later is Wednesday 22:00 there: wait for Thursday 09:00 (07:00 UTC).
    const next = h.bot.db.prepare("SELECT next_action_at FROM requests WHERE assignee = 'U0ENGINEE1'").pluck().get();
    expect(next).toBe('2026-07-09T07:00:00.000Z');
  });

  it('when /healthz is asked, then it answers 200; an unknown webhook source gets 404', async () => {
    const h = await startTestApp();
    const health = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, outbox: { pending: 0, failing: 0 } });
    const unknown = await fetch(`http://127.0.0.1:${h.bot.port}/webhooks/nope`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('when the app has run a full flow, then no log line carries the token or the signing secret', async () => {
    const h = await startTestApp();
    await h.driver.command('U0ADMIN001', '/evidence', 'acknowledgments');
    await eventually(() => requestCount(h) === 4);
    await h.bot.services.tick();
    const body = commandBody('U0ADMIN001', 'status');
    await h.driver.raw(body, { ...h.driver.sign(body, 1), 'x-slack-signature': 'v0=bad' });
    expect(h.logs.length).toBeGreaterThan(3);
    for (const line of h.logs) {
      expect(line).not.toContain(SIGNING_SECRET);
      expect(line).not.toContain(BOT_TOKEN);
      expect(() => JSON.parse(line)).not.toThrow();
    }
  });
});
