import { describe, expect, it } from 'vitest';
import { HOUR, DAY } from '../../src/clock.ts';
import { readLedger } from '../../src/evidence/ledger.ts';
import { ACK_IDS } from '../../views/acknowledgment.ts';
import { STEP_IDS } from '../../views/checklist-step.ts';
import { openActionId } from '../../views/requests.ts';
import { startTestApp, type AppHarness } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';
import { pdfPages } from '../helpers/pdf-text.ts';

const ALL_TICKED = {
  [`${ACK_IDS.policiesBlockPrefix}0`]: {
    [ACK_IDS.policiesAction]: { type: 'checkboxes', selected_options: [{ value: 'infosec@2026.1' }, { value: 'acceptable-use@3' }] },
  },
  [ACK_IDS.trainingBlock]: { [ACK_IDS.trainingAction]: { type: 'checkboxes', selected_options: [{ value: 'training@2026' }] } },
};

function requestsOf(h: AppHarness) {
  return h.bot.db.prepare('SELECT * FROM requests ORDER BY assignee').all() as { id: string; assignee: string; state: string; reminders: number; dm_ts: string | null }[];
}

function eventsOf(h: AppHarness, requestId: string): string[] {
  return (h.bot.db.prepare('SELECT what FROM request_events WHERE request_id = ? ORDER BY id').pluck().all(requestId) as string[]);
}

/** Starts the campaign as the admin, over signed HTTP, and sends the DMs. */
async function startCampaign(h: AppHarness) {
  const reply = await h.driver.command('U0ADMIN001', '/evidence', 'acknowledgments');
  expect(reply.status).toBe(200);
  await eventually(() => h.double.responses().find((response) => JSON.stringify(response.body).includes('people asked')), { what: 'the campaign summary' });
  await h.bot.services.tick();
  return requestsOf(h);
}

/** The DM the bot sent a person for their request. */
function dmOf(h: AppHarness, userId: string) {
  const message = h.double.messages(h.double.dmChannel(userId)).find((m) => JSON.stringify(m.blocks ?? []).includes(ACK_IDS.policiesAction) || JSON.stringify(m.blocks ?? []).includes('request.open.'));
  if (!message) throw new Error(`no request DM for ${userId}`);
  return message;
}

async function openAndSign(h: AppHarness, userId: string, requestId: string, values = ALL_TICKED) {
  const dm = dmOf(h, userId);
  const click = await h.driver.clickButton(userId, { channel: dm.channel, ts: dm.ts }, openActionId(requestId));
  expect(click.status).toBe(200);
  const view = await eventually(() => h.double.views().find((v) => v.callback_id === ACK_IDS.callbackId && JSON.parse(v.private_metadata).requestId === requestId), { what: 'the modal' });
  return h.driver.submitView(userId, view.id, values);
}

function assertNoRejectedCalls(h: AppHarness): void {
  const rejected = h.double.calls.filter((call) => !call.ok && call.error !== 'ratelimited');
  expect(rejected.map((call) => `${call.method}: ${call.error}`)).toEqual([]);
}

describe('policy and training acknowledgments, end to end over signed HTTP', () => {
  it('when the campaign runs and a person signs, then one artifact is filed with the history, and the DM becomes a receipt', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    expect(requests.map((r) => r.assignee)).toEqual(['U0ADMIN001', 'U0ENGINEE1', 'U0ENGINEE2', 'U0MANAGER1']);
    for (const request of requests) expect(eventsOf(h, request.id)).toEqual(['created', 'asked']);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;

    h.clock.advance(2 * HOUR);
    const submitted = await openAndSign(h, 'U0ENGINEE1', eli.id);
    expect(submitted.status).toBe(200);
    expect(submitted.problems).toEqual([]);
    // In SQLite before the modal closed: the answer and its queued artifact.
    expect(h.bot.db.prepare("SELECT state FROM requests WHERE id = ?").pluck().get(eli.id)).toBe('answered');

    const entry = await eventually(() => [...readLedger(h.bot.db)][0], { what: 'the artifact' });
    expect(entry).toMatchObject({ kind: 'acknowledgment', controls: ['CC1.4', 'CC2.2'], period: '2026', subject: 'eli-engineer', request_id: eli.id, captured_at: '2026-07-06T15:00:00.000Z' });
    expect(entry.signer).toEqual({ name: 'Eli Engineer', email: 'eli@example.com', slackId: 'U0ENGINEE1', timeZone: 'Europe/Berlin' });
    const pdf = await eventually(() => h.bot.services.deps.evidence.sink.get(entry.key), { what: 'the PDF in the sink' });
    const text = pdfPages(pdf).flat();
    expect(text).toEqual(expect.arrayContaining(['Information Security Policy', '2026.1', 'Acceptable Use Policy', 'Security Awareness Training', 'asked', 'answered', '2026-07-06 17:00:00 Europe/Berlin (UTC+02:00)']));
    const sidecar = JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(entry.sidecar_key!), { what: 'the sidecar' })).toString());
    expect(sidecar.payload).toMatchObject({ request_id: eli.id, signer_slack_id: 'U0ENGINEE1', training: { name: 'Security Awareness Training', completed: true } });
    // Which text was agreed to: the document's hash from the config (lowercased), in the record and on the page.
    expect(sidecar.payload.policies.map((policy: { id: string; sha256?: string }) => [policy.id, policy.sha256 ?? null])).toEqual([
      ['infosec', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
      ['acceptable-use', null],
    ]);
    expect(text.join('')).toContain('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
    expect(sidecar.history.map((event: { what: string }) => event.what)).toEqual(['asked', 'answered']);

    const update = await eventually(() => h.double.callsOf('chat.update').find((call) => call.ok), { what: 'the receipt' });
    expect(String(update.args.text)).toBe('Signed: Policy acknowledgment 2026');
    assertNoRejectedCalls(h);
  });

  it('when a box is left unticked, then the modal shows an error on that block and nothing is filed', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const dana = requests.find((r) => r.assignee === 'U0ENGINEE2')!;
    const partial = { ...ALL_TICKED, [ACK_IDS.trainingBlock]: { [ACK_IDS.trainingAction]: { type: 'checkboxes', selected_options: [] } } };
    const reply = await openAndSign(h, 'U0ENGINEE2', dana.id, partial);
    expect(reply.json).toEqual({ response_action: 'errors', errors: { [ACK_IDS.trainingBlock]: 'Confirm the training to sign, or close this until you have completed it.' } });
    expect(reply.problems).toEqual([]);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM artifact_jobs').pluck().get()).toBe(0);
    expect(h.bot.db.prepare('SELECT state FROM requests WHERE id = ?').pluck().get(dana.id)).toBe('open');
  });

  it('when someone submits another person’s request, then the modal says whose it is and nothing is filed', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    const dm = dmOf(h, 'U0ENGINEE1');
    // Eli opens his modal; Dana replays the submission with her own user ID.
    await h.driver.clickButton('U0ENGINEE1', { channel: dm.channel, ts: dm.ts }, openActionId(eli.id));
    const view = await eventually(() => h.double.views().find((v) => v.callback_id === ACK_IDS.callbackId));
    const reply = await h.driver.submitView('U0ENGINEE2', view.id, ALL_TICKED);
    expect(reply.json).toEqual({ response_action: 'errors', errors: { [`${ACK_IDS.policiesBlockPrefix}0`]: 'This request is for <@U0ENGINEE1>. Only they can sign it.' } });
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM artifact_jobs').pluck().get()).toBe(0);
    expect(h.bot.db.prepare('SELECT state FROM requests WHERE id = ?').pluck().get(eli.id)).toBe('open');

    // And pressing someone else's button shows who it is for instead of the form.
    await h.driver.clickButton('U0ENGINEE2', { channel: dm.channel, ts: dm.ts }, openActionId(eli.id));
    const notYours = await eventually(() => h.double.views().find((v) => JSON.stringify(v.title).includes('Not your request')));
    expect(JSON.stringify(notYours.blocks)).toContain('is for <@U0ENGINEE1>');
  });

  it('when a checklist step\'s "Not applicable" button names an acknowledgment request, then the person is told it is the wrong button and nothing opens', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    const responseUrl = h.double.newResponseUrl();
    const click = await h.driver.blockActions('U0ENGINEE1', { response_url: responseUrl, container: { type: 'message' }, actions: [{ action_id: `${STEP_IDS.notApplicablePrefix}${eli.id}`, block_id: 'b', type: 'button', value: eli.id, action_ts: '1' }] });
    expect(click.status).toBe(200);
    const answer = await eventually(() => h.double.responses().find((response) => response.url === responseUrl)?.body as { text: string } | undefined, { what: 'the answer' });
    expect(answer.text).toBe('This button belongs to a checklist step, and this request is not one. Use the button on the request itself.');
    expect(h.double.callsOf('views.open')).toEqual([]);
    expect(h.logs.some((line) => /"level":"error"/.test(line))).toBe(false);
  });

  it('when the same submission is delivered twice, then one artifact is filed', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    const dm = dmOf(h, 'U0ENGINEE1');
    await h.driver.clickButton('U0ENGINEE1', { channel: dm.channel, ts: dm.ts }, openActionId(eli.id));
    const view = await eventually(() => h.double.views().find((v) => v.callback_id === ACK_IDS.callbackId));
    const payload = { ...view };
    const first = await h.driver.submitView('U0ENGINEE1', view.id, ALL_TICKED);
    expect(first.status).toBe(200);
    // Slack retries a delivery it thinks failed: the same view, signed again.
    const body = new URLSearchParams({ payload: JSON.stringify({ type: 'view_submission', team: { id: h.double.teamId, domain: 'example' }, user: { id: 'U0ENGINEE1', username: 'eli', name: 'eli', team_id: h.double.teamId }, api_app_id: h.double.appId, token: 'x', trigger_id: h.double.issueTriggerId({ userId: 'U0ENGINEE1' }), view: { ...payload, state: { values: ALL_TICKED } } }) }).toString();
    const second = await h.driver.raw(body, h.driver.sign(body, Math.floor(Date.now() / 1000)));
    expect(second.status).toBe(200);
    await h.bot.services.tick();
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get()).toBe(1);
    expect(eventsOf(h, eli.id)).toEqual(['created', 'asked', 'answered']);
  });

  it('when nobody answers, then reminders come at 48 h, the manager is told at 7 days and the channel at 10, each once', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    for (let hour = 0; hour < 11 * 24; hour += 1) {
      h.clock.advance(HOUR);
      await h.bot.services.tick();
    }
    expect(eventsOf(h, eli.id)).toEqual(['created', 'asked', 'reminded', 'reminded', 'reminded', 'escalated', 'escalated']);
    const details = h.bot.db.prepare("SELECT detail FROM request_events WHERE request_id = ? AND what = 'escalated' ORDER BY id").pluck().all(eli.id);
    expect(details).toEqual(['escalated to manager <@U0MANAGER1>', 'escalated to the compliance channel <#C0COMPLIAN>']);
    const managerDms = h.double.messages(h.double.dmChannel('U0MANAGER1')).filter((m) => (m.text ?? '').includes('U0ENGINEE1'));
    expect(managerDms).toHaveLength(1);
    expect(h.double.messages('C0COMPLIAN').filter((m) => (m.text ?? '').includes('U0ENGINEE1'))).toHaveLength(1);
    expect(h.bot.db.prepare('SELECT state FROM requests WHERE id = ?').pluck().get(eli.id)).toBe('escalated');

    // The admin has no manager on record: after 7 days it goes straight to the channel.
    const admin = requests.find((r) => r.assignee === 'U0ADMIN001')!;
    expect(h.bot.db.prepare("SELECT detail FROM request_events WHERE request_id = ? AND what = 'escalated' ORDER BY id").pluck().all(admin.id)).toEqual([
      'no manager on record for <@U0ADMIN001>; going to the compliance channel',
      'escalated to the compliance channel <#C0COMPLIAN>',
    ]);
    assertNoRejectedCalls(h);
  });

  it('when the bot was down for two weeks, then each overdue step fires once on the first tick back', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    h.clock.advance(14 * DAY);
    await h.bot.services.tick();
    await h.bot.services.tick();
    expect(eventsOf(h, eli.id)).toEqual(['created', 'asked', 'reminded', 'escalated', 'escalated']);
    expect(h.double.messages(h.double.dmChannel('U0ENGINEE1')).filter((m) => (m.text ?? '').startsWith('Reminder:'))).toHaveLength(1);
  });

  it('when Slack answers 429 to a reminder, then it is retried after Retry-After and delivered once', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    h.double.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    h.clock.advance(48 * HOUR);
    await h.bot.services.tick();
    const reminders = h.double.callsOf('chat.postMessage').filter((call) => String(call.args.text).startsWith('Reminder:'));
    expect(reminders.filter((call) => call.ok)).toHaveLength(requests.length);
    expect(h.double.callsOf('chat.postMessage').filter((call) => call.error === 'ratelimited')).toHaveLength(1);
    expect(eventsOf(h, eli.id)).toEqual(['created', 'asked', 'reminded']);
  });

  it('when Slack keeps failing a reminder, then the failure is recorded and retried later with backoff', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    h.clock.advance(48 * HOUR);
    h.double.failNext('chat.postMessage', { error: 'fatal_error' }, 4);
    await h.bot.services.tick();
    const failed = h.bot.db.prepare("SELECT COUNT(*) FROM request_events WHERE what = 'failed'").pluck().get();
    expect(failed).toBe(4);
    h.clock.advance(2 * 60_000);
    await h.bot.services.tick();
    expect(eventsOf(h, eli.id).filter((what) => what === 'reminded')).toHaveLength(1);
    expect(h.bot.db.prepare("SELECT COUNT(*) FROM requests WHERE reminders = 1").pluck().get()).toBe(requests.length);
  });

  it('when the bot restarts between asking and the answer, then nothing is lost and the answer files', async () => {
    const h = await startTestApp();
    const requests = await startCampaign(h);
    const eli = requests.find((r) => r.assignee === 'U0ENGINEE1')!;
    await h.restart();
    const reply = await openAndSign(h, 'U0ENGINEE1', eli.id);
    expect(reply.status).toBe(200);
    await eventually(() => h.bot.db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get() === 1, { what: 'the artifact after restart' });
    expect(eventsOf(h, eli.id)).toEqual(['created', 'asked', 'answered']);
    expect(h.double.callsOf('chat.postMessage').filter((call) => call.args.channel === 'U0ENGINEE1')).toHaveLength(1);
  });

  it('when a new member joins the workspace, then they are asked at once', async () => {
    const h = await startTestApp();
    h.double.addUser({ id: 'U0NEWHIRE1', real_name: 'Nia New', profile: { email: 'nia@example.com', real_name: 'Nia New', display_name: 'nia' } });
    const reply = await h.driver.event({ type: 'team_join', user: { id: 'U0NEWHIRE1', is_bot: false, is_restricted: false } });
    expect(reply.status).toBe(200);
    await eventually(() => h.double.callsOf('chat.postMessage').find((call) => call.args.channel === 'U0NEWHIRE1' && call.ok), { what: 'the new hire DM' });
    expect(requestsOf(h).map((r) => r.assignee)).toEqual(['U0NEWHIRE1']);
  });
});
