import { expect } from 'vitest';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { openActionId } from '../../../views/requests.ts';
import { teamOf, userOf } from '../../../src/slack-double/interaction-payloads.ts';
import { startTestApp, type AppHarness, type TestAppOptions } from '../../helpers/app.ts';
import { eventually } from '../../helpers/eventually.ts';
import { pagerDutyHeaders, postWebhook } from '../../helpers/webhooks.ts';
import { pagerDutyBody, type PagerDutyIncidentOptions } from '../../fixtures/pagerduty.ts';

export const PD_SECRET = 'pd-webhook-secret-0123456789';
export const SENTRY_SECRET = 'sentry-client-secret-0123456789';
export const GENERIC_SECRET = 'generic-incident-secret-0123456789';
export const HR_SECRET = 'hr-webhook-secret-0123456789';

export const INCIDENT_YAML = `
organization: Example Inc.
admins: [U0ADMIN001]
complianceChannel: C0COMPLIAN
managers:
  U0ENGINEE1: U0MANAGER1
  U0ENGINEE2: U0MANAGER1
incidents:
  channel: C0INCIDENT
  pagerdutyUsers:
    PTUXL6G: U0ENGINEE1
    PNEW001: U0ENGINEE2
  serviceOwners:
    front-end: U0ENGINEE2
`;

export async function startIncidentApp(options: { env?: Record<string, string>; yaml?: string; webClient?: TestAppOptions['webClient'] } = {}): Promise<AppHarness> {
  return startTestApp({
    webClient: options.webClient,
    yaml: options.yaml ?? INCIDENT_YAML,
    channels: [{ id: 'C0INCIDENT', name: 'incidents' }],
    env: { PAGERDUTY_WEBHOOK_SECRET: PD_SECRET, SENTRY_CLIENT_SECRET: SENTRY_SECRET, INCIDENT_WEBHOOK_SECRET: GENERIC_SECRET, HR_WEBHOOK_SECRET: HR_SECRET, ...options.env },
  });
}

export function sendPagerDuty(h: AppHarness, options: PagerDutyIncidentOptions, secret = PD_SECRET) {
  const body = pagerDutyBody(options);
  return postWebhook(h.baseUrl, 'pagerduty', body, pagerDutyHeaders(body, secret));
}

export interface IncidentRowView {
  id: string;
  number: string;
  status: string;
  oncall: string | null;
  oncall_source: string | null;
  resolution_request_id: string | null;
  postmortem_request_id: string | null;
  sync_needed: number;
  resolved_at: string | null;
  captured_at: string;
}

export function incidents(h: AppHarness): IncidentRowView[] {
  return h.bot.db.prepare('SELECT * FROM incidents ORDER BY captured_at').all() as IncidentRowView[];
}

export function request(h: AppHarness, id: string) {
  return h.bot.db.prepare('SELECT * FROM requests WHERE id = ?').get(id) as { id: string; kind: string; assignee: string; state: string; next_action_at: string | null; asked_at: string | null; payload: string; response: string | null; reminders: number };
}

export function requestEvents(h: AppHarness, id: string): string[] {
  return h.bot.db.prepare('SELECT what FROM request_events WHERE request_id = ? ORDER BY id').pluck().all(id) as string[];
}

/** The DM with the button that opens the request. */
export function requestDm(h: AppHarness, userId: string, requestId: string) {
  const message = h.double.messages(h.double.dmChannel(userId)).find((m) => JSON.stringify(m.blocks ?? []).includes(openActionId(requestId)));
  if (!message) throw new Error(`no DM for request ${requestId} to ${userId}`);
  return message;
}

/** Clicks the DM's button and waits for the modal with this callback ID. */
export async function openRequestModal(h: AppHarness, userId: string, requestId: string, callbackId: string) {
  const dm = await eventually(() => requestDm(h, userId, requestId), { what: 'the request DM' });
  const before = new Set(h.double.views().map((view) => view.id));
  const click = await h.driver.clickButton(userId, { channel: dm.channel, ts: dm.ts }, openActionId(requestId));
  expect(click.status).toBe(200);
  return eventually(() => h.double.views().find((view) => view.callback_id === callbackId && !before.has(view.id)), { what: `the ${callbackId} modal` });
}

const unix = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

/** A complete resolution form, as a person fills it in. */
export function resolutionValues(input: { detectedAt: string; resolvedAt: string; followUps?: { text: string; owner: string | null }[] }) {
  const values: Record<string, Record<string, unknown>> = {
    [INCIDENT_IDS.narrativeBlock]: { [INCIDENT_IDS.narrativeAction]: { type: 'plain_text_input', value: 'Rolled back the 12:40 deploy of the API; errors stopped at 13:55.' } },
    [INCIDENT_IDS.rootBlock]: { [INCIDENT_IDS.rootAction]: { type: 'plain_text_input', value: 'A connection-pool limit of 5 in the new deploy.' } },
    [INCIDENT_IDS.impactBlock]: { [INCIDENT_IDS.impactAction]: { type: 'static_select', selected_option: { value: 'partial', text: { type: 'plain_text', text: 'Partial outage' } } } },
    [INCIDENT_IDS.impactDetailsBlock]: { [INCIDENT_IDS.impactDetailsAction]: { type: 'plain_text_input', value: 'About 12% of API calls failed for an hour.' } },
    [INCIDENT_IDS.detectedBlock]: { [INCIDENT_IDS.detectedAction]: { type: 'datetimepicker', selected_date_time: unix(input.detectedAt) } },
    [INCIDENT_IDS.resolvedBlock]: { [INCIDENT_IDS.resolvedAction]: { type: 'datetimepicker', selected_date_time: unix(input.resolvedAt) } },
  };
  (input.followUps ?? []).forEach((item, n) => {
    values[INCIDENT_IDS.followUpTextBlock(n)] = { [INCIDENT_IDS.followUpTextAction]: { type: 'plain_text_input', value: item.text } };
    values[INCIDENT_IDS.followUpOwnerBlock(n)] = { [INCIDENT_IDS.followUpOwnerAction]: { type: 'users_select', selected_user: item.owner } };
  });
  return values;
}

export function assertNoRejectedCalls(h: AppHarness): void {
  const rejected = h.double.calls.filter((call) => !call.ok && call.error !== 'ratelimited');
  expect(rejected.map((call) => `${call.method}: ${call.error}`)).toEqual([]);
}

/** What a refused submission must leave as it was: requests and their history, queued artifacts, incidents. */
export function footprint(h: AppHarness) {
  const count = (sql: string) => h.bot.db.prepare(sql).pluck().get() as number;
  return {
    requests: count('SELECT COUNT(*) FROM requests'),
    answered: count("SELECT COUNT(*) FROM requests WHERE state = 'answered'"),
    requestEvents: count('SELECT COUNT(*) FROM request_events'),
    artifactJobs: count('SELECT COUNT(*) FROM artifact_jobs'),
    incidents: count('SELECT COUNT(*) FROM incidents'),
    incidentEvents: count('SELECT COUNT(*) FROM incident_events'),
  };
}

/**
 * Submits an open view as Slack would, but with values (and optionally private_metadata) that
 * Slack would never send for it: the driver's submitView only sends what the form allows.
 * `problems` is what Slack would refuse in the answer, as with submitView (an error on a block
 * the view does not have, for one).
 */
export async function submitAltered(h: AppHarness, userId: string, viewId: string, values: unknown, privateMetadata?: string) {
  const view = h.double.view(viewId);
  if (!view) throw new Error(`view ${viewId} is not open in the Slack double`);
  const payload = {
    type: 'view_submission',
    team: teamOf(h.double.teamId),
    user: userOf(h.double, userId, h.double.teamId),
    api_app_id: h.double.appId,
    token: 'x',
    trigger_id: h.double.issueTriggerId({ userId, viewId }),
    view: { ...view, private_metadata: privateMetadata ?? view.private_metadata, state: { values } },
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const response = await h.driver.raw(body, h.driver.sign(body, Math.floor(Date.now() / 1000)));
  if (response.status !== 200) return { ...response, problems: [`the app answered HTTP ${response.status}`] };
  return { ...response, problems: h.double.applyViewSubmissionResponse(viewId, response.json ?? {}) };
}
