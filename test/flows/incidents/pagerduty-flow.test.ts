import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../src/clock.ts';
import { readLedger } from '../../../src/evidence/ledger.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import type { AppHarness } from '../../helpers/app.ts';
import { eventually } from '../../helpers/eventually.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { pagerDutyHeaders, postWebhook } from '../../helpers/webhooks.ts';
import { pagerDutyBody } from '../../fixtures/pagerduty.ts';
import { assertNoRejectedCalls, incidents, openRequestModal, PD_SECRET, request, requestEvents, resolutionValues, sendPagerDuty, startIncidentApp } from './harness.ts';

const TRIGGERED = { eventId: '5ac64822-4adc-4fda-ade0-410becf0de4f', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z', number: 1234 };

/** Triggered and resolved half an hour later; a day on, the on-call has been asked. */
async function resolvedAndPrompted(h: AppHarness) {
  await sendPagerDuty(h, TRIGGERED);
  await sendPagerDuty(h, { ...TRIGGERED, eventId: 'done', eventType: 'incident.resolved', occurredAt: '2026-07-06T13:30:00Z' });
  const incident = await eventually(() => incidents(h).find((row) => row.oncall && row.sync_needed === 0 && row.status === 'resolved'));
  h.clock.advance(DAY);
  await h.bot.services.tick();
  return incident;
}

describe('PagerDuty incidents, end to end over signed HTTP', () => {
  it('when an incident is triggered, delivered twice and resolved, then one incident is recorded, its on-call is asked a day later, and signing files the resolution with the timeline', async () => {
    const h = await startIncidentApp();

    expect(await sendPagerDuty(h, TRIGGERED)).toEqual({ status: 200, json: { ok: true } });
    expect(await sendPagerDuty(h, TRIGGERED)).toEqual({ status: 200, json: { ok: true, duplicate: true } });
    const incident = await eventually(() => incidents(h).find((row) => row.sync_needed === 0 && row.oncall), { what: 'the on-call resolved' });
    expect(incidents(h)).toHaveLength(1);
    expect(incident).toMatchObject({ number: 'PD-1234', status: 'triggered', oncall: 'U0ENGINEE1', oncall_source: 'pagerduty-map' });
    const post = await eventually(() => h.double.messages('C0INCIDENT')[0], { what: 'the incidents channel post' });
    expect(post.text).toBe('PD-1234 triggered: A little bump in the road');

    // The prompt waits the configured day after capture.
    const resolution = request(h, incident!.resolution_request_id!);
    expect(resolution).toMatchObject({ kind: 'incident-resolution', assignee: 'U0ENGINEE1', state: 'open', next_action_at: '2026-07-07T13:00:00.000Z', asked_at: null });

    h.clock.advance(HOUR);
    expect(await sendPagerDuty(h, { ...TRIGGERED, eventId: 'c2d1', eventType: 'incident.resolved', occurredAt: '2026-07-06T13:55:00Z', status: 'resolved' })).toEqual({ status: 200, json: { ok: true } });
    await eventually(() => h.double.callsOf('chat.update').find((call) => call.ok && String(call.args.text).startsWith('PD-1234 resolved')), { what: 'the channel post updated' });
    await h.bot.services.tick();
    expect(request(h, resolution.id).asked_at).toBeNull();

    h.clock.set('2026-07-07T13:00:00.000Z');
    await h.bot.services.tick();
    expect(requestEvents(h, resolution.id)).toEqual(['created', 'asked']);
    const modal = await openRequestModal(h, 'U0ENGINEE1', resolution.id, INCIDENT_IDS.resolutionCallback);
    const submitted = await h.driver.submitView('U0ENGINEE1', modal.id, resolutionValues({ detectedAt: '2026-07-06T13:00:00Z', resolvedAt: '2026-07-06T13:55:00Z', followUps: [{ text: 'Check pool sizes in CI', owner: 'U0ENGINEE2' }, { text: 'Alert on pool saturation', owner: null }] }));
    expect(submitted.status).toBe(200);
    expect(submitted.problems).toEqual([]);
    // Recorded before the modal closed.
    expect(request(h, resolution.id).state).toBe('answered');

    const entry = await eventually(() => [...readLedger(h.bot.db)].find((row) => row.kind === 'incident-resolution'), { what: 'the resolution artifact' });
    expect(entry).toMatchObject({ controls: ['CC7.3', 'CC7.4'], period: '2026-07-06', subject: 'pd-1234', request_id: resolution.id, captured_at: '2026-07-07T13:00:00.000Z' });
    const pdf = await eventually(() => h.bot.services.deps.evidence.sink.get(entry.key), { what: 'the PDF in the sink' });
    const text = pdfPages(pdf).flat();
    expect(text).toEqual(expect.arrayContaining(['Incident timeline', 'PD-1234', 'A little bump in the road', 'API Service', 'P1', 'Rolled back the 12:40 deploy of the API; errors stopped at 13:55.', 'A connection-pool limit of 5 in the new deploy.', 'Check pool sizes in CI']));
    const sidecar = JSON.parse(String(await eventually(() => h.bot.services.deps.evidence.sink.get(entry.sidecar_key!))));
    expect(sidecar.payload).toMatchObject({ incident_number: 'PD-1234', customer_impact: 'Partial outage', detected_at: '2026-07-06T13:00:00.000Z', resolved_at: '2026-07-06T13:55:00.000Z', follow_ups: [{ description: 'Check pool sizes in CI', owner: 'U0ENGINEE2' }, { description: 'Alert on pool saturation', owner: 'U0ENGINEE1' }] });
    expect(sidecar.history.map((event: { what: string }) => event.what)).toEqual(['asked', 'answered']);

    // Follow-ups go to their owners; the postmortem waits 30 days after the resolution.
    const followUps = h.bot.db.prepare("SELECT assignee, title FROM requests WHERE kind = 'incident-follow-up' ORDER BY assignee").all();
    expect(followUps).toEqual([
      { assignee: 'U0ENGINEE1', title: 'PD-1234 follow-up: Alert on pool saturation' },
      { assignee: 'U0ENGINEE2', title: 'PD-1234 follow-up: Check pool sizes in CI' },
    ]);
    const postmortem = request(h, incidents(h)[0]!.postmortem_request_id!);
    expect(postmortem).toMatchObject({ kind: 'postmortem', assignee: 'U0ENGINEE1', state: 'open', next_action_at: '2026-08-05T13:55:00.000Z' });
    assertNoRejectedCalls(h);
  });

  it('when the signature is forged, missing or from a retired secret, then the answer is 401 and nothing is recorded; a malformed body is 400 with the reason; an event type not followed is 202', async () => {
    const h = await startIncidentApp();
    const body = pagerDutyBody(TRIGGERED);
    expect(await postWebhook(h.baseUrl, 'pagerduty', body, pagerDutyHeaders(body, 'not-the-secret'))).toEqual({ status: 401, json: { ok: false, error: 'invalid signature' } });
    expect(await postWebhook(h.baseUrl, 'pagerduty', body, {})).toEqual({ status: 401, json: { ok: false, error: 'invalid signature' } });
    const tampered = body.replace('A little bump in the road', 'A big bump in the road');
    expect((await postWebhook(h.baseUrl, 'pagerduty', tampered, pagerDutyHeaders(body, PD_SECRET))).status).toBe(401);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM webhook_deliveries').pluck().get()).toBe(0);

    const notJson = '{"event": ';
    expect(await postWebhook(h.baseUrl, 'pagerduty', notJson, pagerDutyHeaders(notJson, PD_SECRET))).toMatchObject({ status: 400, json: { ok: false, error: expect.stringMatching(/^the body is not valid JSON/) } });
    const noTitle = JSON.parse(body);
    delete noTitle.event.data.title;
    const noTitleBody = JSON.stringify(noTitle);
    expect(await postWebhook(h.baseUrl, 'pagerduty', noTitleBody, pagerDutyHeaders(noTitleBody, PD_SECRET))).toEqual({ status: 400, json: { ok: false, error: 'incident.triggered without a valid incident: event.data.title: Invalid input: expected string, received undefined' } });
    expect(await sendPagerDuty(h, { ...TRIGGERED, eventId: 'note-1', eventType: 'incident.annotated' })).toEqual({ status: 202, json: { ok: true, ignored: 'PagerDuty event type incident.annotated is not one evidence-bot follows' } });
    expect(incidents(h)).toEqual([]);
    expect(h.logs.some((line) => line.includes(PD_SECRET))).toBe(false);
  });

  it('when PagerDuty rotates its secret, then a delivery signed with both the old and the new one is accepted by a bot that knows either', async () => {
    const h = await startIncidentApp({ env: { PAGERDUTY_WEBHOOK_SECRET: `new-secret-0123456789,${PD_SECRET}` } });
    const body = pagerDutyBody(TRIGGERED);
    expect((await postWebhook(h.baseUrl, 'pagerduty', body, pagerDutyHeaders(body, 'new-secret-0123456789'))).status).toBe(200);
    const second = pagerDutyBody({ ...TRIGGERED, eventId: 'other', incidentId: 'PQ2', number: 1235 });
    expect((await postWebhook(h.baseUrl, 'pagerduty', second, pagerDutyHeaders(second, PD_SECRET))).status).toBe(200);
    expect(incidents(h).map((row) => row.number)).toEqual(['PD-1234', 'PD-1235']);
  });

  it('when the webhook secret is not configured, then the webhook answers 503 and names the setting', async () => {
    const h = await startIncidentApp({ env: { PAGERDUTY_WEBHOOK_SECRET: '' } });
    const body = pagerDutyBody(TRIGGERED);
    expect(await postWebhook(h.baseUrl, 'pagerduty', body, pagerDutyHeaders(body, PD_SECRET))).toEqual({ status: 503, json: { ok: false, error: 'PAGERDUTY_WEBHOOK_SECRET is not set: this webhook is disabled' } });
  });

  it('when the incident is reassigned before the prompt, then the new on-call is asked and the history says who had it', async () => {
    const h = await startIncidentApp();
    await sendPagerDuty(h, TRIGGERED);
    const first = await eventually(() => incidents(h).find((row) => row.oncall === 'U0ENGINEE1' && row.sync_needed === 0));
    h.clock.advance(2 * HOUR);
    expect((await sendPagerDuty(h, { ...TRIGGERED, eventId: 'r1', eventType: 'incident.reassigned', occurredAt: '2026-07-06T15:00:00Z', assignees: [{ id: 'PNEW001', summary: 'Dana Developer' }] })).status).toBe(200);
    await eventually(() => incidents(h).find((row) => row.oncall === 'U0ENGINEE2' && row.sync_needed === 0), { what: 'the new on-call' });
    const resolution = request(h, first!.resolution_request_id!);
    expect(resolution).toMatchObject({ assignee: 'U0ENGINEE2', next_action_at: '2026-07-07T13:00:00.000Z' });
    expect(requestEvents(h, resolution.id)).toEqual(['created', 'reassigned']);

    await sendPagerDuty(h, { ...TRIGGERED, eventId: 'done', eventType: 'incident.resolved', occurredAt: '2026-07-06T16:00:00Z', assignees: [{ id: 'PNEW001', summary: 'Dana Developer' }] });
    h.clock.set('2026-07-07T13:00:00.000Z');
    await h.bot.services.tick();
    expect(h.double.messages(h.double.dmChannel('U0ENGINEE1')).filter((m) => JSON.stringify(m.blocks ?? []).includes(resolution.id))).toEqual([]);
    expect(request(h, resolution.id).asked_at).toBe('2026-07-07T13:00:00.000Z');
    await openRequestModal(h, 'U0ENGINEE2', resolution.id, INCIDENT_IDS.resolutionCallback);
  });

  it('when someone other than the on-call submits the resolution, then the modal says whose it is and nothing is filed', async () => {
    const h = await startIncidentApp();
    const incident = await resolvedAndPrompted(h);
    const modal = await openRequestModal(h, 'U0ENGINEE1', incident!.resolution_request_id!, INCIDENT_IDS.resolutionCallback);
    const reply = await h.driver.submitView('U0ENGINEE2', modal.id, resolutionValues({ detectedAt: '2026-07-06T13:00:00Z', resolvedAt: '2026-07-06T13:30:00Z' }));
    expect(reply.json).toEqual({ response_action: 'errors', errors: { [INCIDENT_IDS.narrativeBlock]: 'This request is for <@U0ENGINEE1>. Only they can sign it.' } });
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM artifact_jobs').pluck().get()).toBe(0);

    const backwards = await h.driver.submitView('U0ENGINEE1', modal.id, resolutionValues({ detectedAt: '2026-07-06T13:30:00Z', resolvedAt: '2026-07-06T13:00:00Z' }));
    expect(backwards.json).toEqual({ response_action: 'errors', errors: { [INCIDENT_IDS.resolvedBlock]: 'It cannot be resolved before it was detected.' } });
    expect(request(h, incident!.resolution_request_id!).state).toBe('open');
  });

  it('when nobody answers the prompt, then it is reminded after 48 hours and escalated to the manager after 7 days', async () => {
    const h = await startIncidentApp();
    const incident = await resolvedAndPrompted(h);
    h.clock.advance(2 * DAY);
    await h.bot.services.tick();
    h.clock.advance(5 * DAY);
    await h.bot.services.tick();
    expect(requestEvents(h, incident!.resolution_request_id!)).toEqual(['created', 'asked', 'reminded', 'reminded', 'escalated']);
    expect(h.double.messages(h.double.dmChannel('U0MANAGER1')).map((m) => m.text)).toEqual([expect.stringContaining('Incident PD-1234: resolution')]);
  });

  it('when Slack fails while the webhook is answered, then the incident is still recorded and posted once Slack is back', async () => {
    const h = await startIncidentApp();
    h.double.failNext('chat.postMessage', { status: 500 }, 20);
    expect((await sendPagerDuty(h, TRIGGERED)).status).toBe(200);
    await eventually(() => incidents(h).find((row) => row.oncall === 'U0ENGINEE1'), { what: 'the incident recorded' });
    await h.bot.services.settle();
    expect(incidents(h)[0]!.sync_needed).toBe(1);
    expect(h.double.messages('C0INCIDENT')).toEqual([]);
    h.double.clearFailures('chat.postMessage');
    await h.bot.services.tick();
    expect(h.double.messages('C0INCIDENT').map((m) => m.text)).toEqual(['PD-1234 triggered: A little bump in the road']);
    expect(incidents(h)[0]!.sync_needed).toBe(0);
  });

  it('when an incident title carries Slack markup, then neither the post nor its notification text can ping anyone', async () => {
    const h = await startIncidentApp();
    // PagerDuty titles can come from outsiders, through email integrations.
    expect((await sendPagerDuty(h, { ...TRIGGERED, title: '<!channel> <@U0ADMIN001> & <https://evil.example.com|click>' })).status).toBe(200);
    const post = await eventually(() => h.double.messages('C0INCIDENT')[0], { what: 'the incidents channel post' });
    expect(post.text).toBe('PD-1234 triggered: &lt;!channel&gt; &lt;@U0ADMIN001&gt; &amp; &lt;https://evil.example.com|click&gt;');
    expect(JSON.stringify(post.blocks)).not.toMatch(/<!channel>|<@U0ADMIN001>|<https:\/\/evil/);
  });
});
