import { afterEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/clock.ts';
import { incidentTimeline } from '../../../src/store/incidents.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { eventually } from '../../helpers/eventually.ts';
import { PagerDutyDouble } from '../../helpers/pagerduty-double.ts';
import { evidenceHeaders, postWebhook, sentryHeaders } from '../../helpers/webhooks.ts';
import { sentryIssueBody } from '../../fixtures/pagerduty.ts';
import { GENERIC_SECRET, incidents, request, SENTRY_SECRET, sendPagerDuty, startIncidentApp } from './harness.ts';

const doubles: PagerDutyDouble[] = [];
afterEach(async () => {
  for (const double of doubles.splice(0)) await double.close();
});

const TRIGGERED = { eventId: 'e-1', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z', number: 77, incidentId: 'PX77', assignees: [{ id: 'PDANA01', summary: 'Dana D.' }] };

describe('incident sources over signed HTTP', () => {
  it('when PAGERDUTY_API_TOKEN is set, then the assignee’s email comes from PagerDuty’s REST API and Slack matches it', async () => {
    const pd = await PagerDutyDouble.start();
    doubles.push(pd);
    pd.addUser({ id: 'PDANA01', name: 'Dana D.', email: 'DANA@example.com' });
    const h = await startIncidentApp({ env: { PAGERDUTY_API_TOKEN: pd.token, PAGERDUTY_API_URL: pd.url } });
    await sendPagerDuty(h, TRIGGERED);
    const incident = await eventually(() => incidents(h).find((row) => row.oncall), { what: 'the on-call' });
    expect(incident).toMatchObject({ oncall: 'U0ENGINEE2', oncall_source: 'pagerduty-api' });
    expect(incidentTimeline(h.bot.db, incident.id).filter((event) => event.what === 'on-call').map((event) => event.detail)).toEqual([
      "<@U0ENGINEE2>: the PagerDuty assignee's email, from PagerDuty's API, matches their Slack profile",
    ]);
    expect(pd.requests).toEqual([{ path: '/users/PDANA01', authorization: `Token token=${pd.token}`, accept: 'application/vnd.pagerduty+json;version=2' }]);
    expect(h.double.callsOf('users.lookupByEmail').map((call) => call.args.email)).toEqual(['dana@example.com']);
    expect(h.logs.some((line) => line.includes(pd.token))).toBe(false);
  });

  it('when PagerDuty answers 429, then the on-call is looked up again on a later tick instead of falling back', async () => {
    const pd = await PagerDutyDouble.start();
    doubles.push(pd);
    pd.addUser({ id: 'PDANA01', name: 'Dana D.', email: 'dana@example.com' });
    pd.answer429(1);
    const h = await startIncidentApp({ env: { PAGERDUTY_API_TOKEN: pd.token, PAGERDUTY_API_URL: pd.url } });
    await sendPagerDuty(h, TRIGGERED);
    await eventually(() => pd.requests.length === 1 || undefined);
    await h.bot.services.settle();
    expect(incidents(h)[0]).toMatchObject({ oncall: null, sync_needed: 1, resolution_request_id: null });
    h.clock.advance(60_000);
    await h.bot.services.tick();
    expect(incidents(h)[0]).toMatchObject({ oncall: 'U0ENGINEE2', oncall_source: 'pagerduty-api', sync_needed: 0 });
  });

  it('when Sentry sends an issue, a redelivery, a forged copy and its resolution, then one incident is recorded under the project owner and resolved', async () => {
    const h = await startIncidentApp();
    const created = sentryIssueBody({ action: 'created' });
    expect(await postWebhook(h.baseUrl, 'sentry', created, sentryHeaders(created, SENTRY_SECRET, 'issue'))).toEqual({ status: 200, json: { ok: true } });
    expect(await postWebhook(h.baseUrl, 'sentry', created, sentryHeaders(created, SENTRY_SECRET, 'issue'))).toEqual({ status: 200, json: { ok: true, duplicate: true } });
    expect((await postWebhook(h.baseUrl, 'sentry', created, sentryHeaders(created, 'wrong-secret', 'issue'))).status).toBe(401);
    h.clock.advance(HOUR);
    const resolved = sentryIssueBody({ action: 'resolved', status: 'resolved' });
    expect((await postWebhook(h.baseUrl, 'sentry', resolved, sentryHeaders(resolved, SENTRY_SECRET, 'issue'))).status).toBe(200);
    const incident = await eventually(() => incidents(h).find((row) => row.status === 'resolved' && row.sync_needed === 0));
    expect(incidents(h)).toHaveLength(1);
    expect(incident).toMatchObject({ number: 'FRONT-END-9', oncall: 'U0ENGINEE2', oncall_source: 'service-owner', resolved_at: '2026-07-06T14:00:00.000Z' });
  });

  it('when the generic webhook reports an incident with an assignee email, then the on-call is that Slack member', async () => {
    const h = await startIncidentApp();
    const body = JSON.stringify({ event_id: 'ops-42-1', type: 'triggered', occurred_at: '2026-07-06T13:00:00Z', incident: { id: 'ops-42', reference: 'OPS-42', title: 'Backups failed', severity: 'SEV3', assignees: [{ email: 'eli@example.com' }] } });
    expect(await postWebhook(h.baseUrl, 'incident', body, evidenceHeaders(body, GENERIC_SECRET))).toEqual({ status: 200, json: { ok: true } });
    const incident = await eventually(() => incidents(h).find((row) => row.oncall));
    expect(incident).toMatchObject({ number: 'OPS-42', oncall: 'U0ENGINEE1', oncall_source: 'email' });
    const bad = JSON.stringify({ event_id: 'x', type: 'exploded', occurred_at: '2026-07-06T13:00:00Z', incident: { id: 'x', title: 'x' } });
    expect(await postWebhook(h.baseUrl, 'incident', bad, evidenceHeaders(bad, GENERIC_SECRET))).toEqual({ status: 400, json: { ok: false, error: 'type: Invalid option: expected one of "triggered"|"acknowledged"|"reassigned"|"resolved"' } });
  });

  it('when someone runs /evidence incident or uses "Log as incident" on a message, then the form opens, and submitting it records an incident whose reporter answers for it', async () => {
    const h = await startIncidentApp();
    const reply = await h.driver.command('U0ENGINEE1', '/evidence', 'incident checkout is down');
    expect(reply.status).toBe(200);
    const form = await eventually(() => h.double.views().find((view) => view.callback_id === INCIDENT_IDS.reportCallback), { what: 'the incident form' });
    expect(JSON.stringify(form.blocks)).toContain('"initial_value":"checkout is down"');
    const missing = await h.driver.submitView('U0ENGINEE1', form.id, { [INCIDENT_IDS.reportTitleBlock]: { [INCIDENT_IDS.reportTitleAction]: { type: 'plain_text_input', value: 'checkout is down' } } });
    expect(missing.json).toEqual({ response_action: 'errors', errors: { [INCIDENT_IDS.reportSeverityBlock]: 'Choose a severity.' } });
    const logged = await h.driver.submitView('U0ENGINEE1', form.id, {
      [INCIDENT_IDS.reportTitleBlock]: { [INCIDENT_IDS.reportTitleAction]: { type: 'plain_text_input', value: 'checkout is down' } },
      [INCIDENT_IDS.reportSeverityBlock]: { [INCIDENT_IDS.reportSeverityAction]: { type: 'static_select', selected_option: { value: 'SEV2' } } },
      [INCIDENT_IDS.reportServiceBlock]: { [INCIDENT_IDS.reportServiceAction]: { type: 'plain_text_input', value: '' } },
    });
    expect(logged.problems).toEqual([]);
    const incident = await eventually(() => incidents(h).find((row) => row.oncall), { what: 'the Slack incident' });
    expect(incident).toMatchObject({ number: 'INC-20260706-1', oncall: 'U0ENGINEE1', oncall_source: 'reporter' });
    // Logged by a person in Slack: they are asked the configured delay later, resolved or not.
    expect(request(h, incident.resolution_request_id!).next_action_at).toBe('2026-07-07T13:00:00.000Z');

    h.double.addChannel({ id: 'C0GENERAL1', name: 'general' });
    const shortcut = await h.driver.messageShortcut('U0ENGINEE2', INCIDENT_IDS.logShortcut, { channel: 'C0GENERAL1', ts: '1783342800.000200', user: 'U0MANAGER1', text: 'Customers  report\nfailed logins' });
    expect(shortcut.status).toBe(200);
    const second = await eventually(() => h.double.views().find((view) => view.callback_id === INCIDENT_IDS.reportCallback && view.id !== form.id), { what: 'the form from the shortcut' });
    expect(JSON.stringify(second.blocks)).toContain('"initial_value":"Customers report failed logins"');
    expect(JSON.parse(second.private_metadata)).toEqual({ channel: 'C0GENERAL1', messageTs: '1783342800.000200' });
  });
});
