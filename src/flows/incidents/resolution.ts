import { DomainError } from '../../errors.ts';
import type { ArtifactSpec } from '../../evidence/spec.ts';
import type { HistoryEntry, Signer } from '../../evidence/pdf/model.ts';
import { newId } from '../../ids.ts';
import { getIncident, incidentTimeline, updateIncident, type IncidentRow } from '../../store/incidents.ts';
import { insertRequest, type RequestRow } from '../../store/requests.ts';
import { formatUtc } from '../../time-format.ts';
import { FOLLOW_UP_ROWS, INCIDENT_IDS, resolutionAskMessage, resolutionModal } from '../../../views/incident.ts';
import { notYoursModal, requestClosedModal } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import { timingFor } from '../escalation.ts';
import type { RequestKind } from '../request-kinds.ts';
import { AlreadyAnsweredError, checkAnswer, historyOf, markAnswered, requestForAnswer } from '../requests.ts';
import { createFollowUps, ownerLabel } from './follow-ups.ts';
import { IMPACT_OPTIONS, incidentSubject, POSTMORTEM_KIND, RESOLUTION_KIND, type FollowUp, type PostmortemPayload, type ResolutionPayload, type SignedResolution } from './model.ts';
import { summaryOf } from './sync.ts';
import { readableMentions } from '../mentions.ts';

const SIX_HOURS = 6 * 3_600_000;
const WAIT_FOR_RESOLUTION_AT_MOST = 7 * 86_400_000;

function incidentOf(deps: FlowDeps, request: RequestRow): IncidentRow {
  const incident = getIncident(deps.db, (JSON.parse(request.payload) as ResolutionPayload).incidentId);
  if (!incident) throw new DomainError('This incident no longer exists.', 'not_found');
  return incident;
}

export function resolutionKind(deps: FlowDeps): RequestKind {
  return {
    kind: RESOLUTION_KIND,
    buttonLabel: 'Write the resolution',
    // An incident still open in PagerDuty or Sentry is asked about once it resolves (or after a week regardless).
    deferUntil: (request, now) => {
      const incident = incidentOf(deps, request);
      if (incident.status === 'resolved' || incident.source === 'slack') return null;
      if (now.getTime() - new Date(incident.captured_at).getTime() > WAIT_FOR_RESOLUTION_AT_MOST) return null;
      return new Date(now.getTime() + SIX_HOURS);
    },
    askMessage: (request) => resolutionAskMessage(request.id, summaryOf(incidentOf(deps, request))),
    open: async ({ request, userId, triggerId }) => {
      if (request.assignee !== userId) return void (await deps.slack.openView(triggerId, notYoursModal(request.assignee, request.title)));
      if (request.state === 'answered' || request.state === 'cancelled') return void (await deps.slack.openView(triggerId, requestClosedModal(request.title, 'already signed')));
      await deps.slack.openView(triggerId, resolutionModal({ requestId: request.id, incident: summaryOf(incidentOf(deps, request)), impactOptions: IMPACT_OPTIONS, now: deps.clock.now().toISOString() }));
    },
  };
}

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_date_time?: number | null; selected_user?: string | null }>>;

export type ResolutionOutcome = { kind: 'signed'; requestId: string } | { kind: 'duplicate' } | { kind: 'errors'; errors: Record<string, string> };

/** Reads and checks the form; errors name the field a person has to fix. */
function readForm(values: Values): { errors: Record<string, string> } | { form: { narrative: string; rootCause: string; impact: string; impactDetails: string; detectedAt: string; resolvedAt: string; followUps: { description: string; owner: string | null }[] } } {
  const get = (block: string, action: string) => values[block]?.[action];
  const errors: Record<string, string> = {};
  const narrative = (get(INCIDENT_IDS.narrativeBlock, INCIDENT_IDS.narrativeAction)?.value ?? '').trim();
  const rootCause = (get(INCIDENT_IDS.rootBlock, INCIDENT_IDS.rootAction)?.value ?? '').trim();
  const impact = get(INCIDENT_IDS.impactBlock, INCIDENT_IDS.impactAction)?.selected_option?.value ?? '';
  const detected = get(INCIDENT_IDS.detectedBlock, INCIDENT_IDS.detectedAction)?.selected_date_time;
  const resolved = get(INCIDENT_IDS.resolvedBlock, INCIDENT_IDS.resolvedAction)?.selected_date_time;
  if (narrative.length < 10) errors[INCIDENT_IDS.narrativeBlock] = 'Describe what happened and how it was resolved (a sentence or two at least).';
  if (rootCause.length < 3) errors[INCIDENT_IDS.rootBlock] = 'Give the root cause, or say it is still unknown and why.';
  if (!IMPACT_OPTIONS[impact]) errors[INCIDENT_IDS.impactBlock] = 'Choose the customer impact.';
  if (typeof detected !== 'number') errors[INCIDENT_IDS.detectedBlock] = 'When was it detected?';
  if (typeof resolved !== 'number') errors[INCIDENT_IDS.resolvedBlock] = 'When was it resolved?';
  if (typeof detected === 'number' && typeof resolved === 'number' && resolved < detected) errors[INCIDENT_IDS.resolvedBlock] = 'It cannot be resolved before it was detected.';
  const followUps: { description: string; owner: string | null }[] = [];
  for (let n = 0; n < FOLLOW_UP_ROWS; n += 1) {
    const description = (get(INCIDENT_IDS.followUpTextBlock(n), INCIDENT_IDS.followUpTextAction)?.value ?? '').trim();
    const owner = get(INCIDENT_IDS.followUpOwnerBlock(n), INCIDENT_IDS.followUpOwnerAction)?.selected_user ?? null;
    if (!description && owner) errors[INCIDENT_IDS.followUpTextBlock(n)] = 'Say what the action is, or clear its owner.';
    if (description) followUps.push({ description, owner });
  }
  if (Object.keys(errors).length > 0) return { errors };
  return {
    form: {
      narrative,
      rootCause,
      impact: IMPACT_OPTIONS[impact]!,
      impactDetails: (get(INCIDENT_IDS.impactDetailsBlock, INCIDENT_IDS.impactDetailsAction)?.value ?? '').trim(),
      detectedAt: new Date(detected! * 1000).toISOString(),
      resolvedAt: new Date(resolved! * 1000).toISOString(),
      followUps,
    },
  };
}

/**
 * The on-call signs the resolution: recorded with the incident's whole timeline, follow-ups go
 * to their owners, and the postmortem is scheduled. All before the modal closes.
 */
export async function submitResolution(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: Values }): Promise<ResolutionOutcome> {
  const { db, clock, directory, evidence, settings } = deps;
  const fail = (message: string): ResolutionOutcome => ({ kind: 'errors', errors: { [INCIDENT_IDS.narrativeBlock]: message } });
  let requestId: string;
  try {
    requestId = (JSON.parse(input.privateMetadata) as { requestId: string }).requestId;
  } catch {
    return fail('This form is damaged. Close it and press the button in your DM again.');
  }
  const check = checkAnswer(db, requestId, input.userId);
  if (check.kind === 'duplicate') return { kind: 'duplicate' };
  if (check.kind === 'refused') return fail(check.message);
  const read = readForm(input.values);
  if ('errors' in read) return { kind: 'errors', errors: read.errors };
  const person = directory.cached(input.userId);
  if (!person) return fail('Your Slack profile is not known to evidence-bot yet. Try again in a minute.');
  const now = clock.now();
  try {
    return await deps.writer.run((): ResolutionOutcome => {
      const request = requestForAnswer(db, requestId, input.userId);
      const incident = incidentOf(deps, request);
      const followUps: FollowUp[] = read.form.followUps.map((item) => ({ description: item.description, owner: item.owner ?? input.userId }));
      const response: SignedResolution = {
        request_id: request.id,
        incident_id: incident.id,
        incident_number: incident.number,
        narrative: read.form.narrative,
        root_cause: read.form.rootCause,
        customer_impact: read.form.impact,
        impact_details: read.form.impactDetails,
        detected_at: read.form.detectedAt,
        resolved_at: read.form.resolvedAt,
        follow_ups: followUps,
        signer_slack_id: input.userId,
        submitted_at: now.toISOString(),
      };
      const artifactId = newId();
      markAnswered(db, request, input.userId, response, now, artifactId);
      if (incident.status !== 'resolved') updateIncident(db, incident.id, { status: 'resolved', resolved_at: read.form.resolvedAt, sync_needed: 1 });
      const resolved = getIncident(db, incident.id)!;
      evidence.enqueue(resolutionArtifact({ incident: resolved, response, artifactId, signer: { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz }, history: historyOf(db, request.id), timeline: incidentTimeline(db, incident.id).map((event) => ({ ...event, detail: event.detail ? readableMentions(db, event.detail) : null })), controls: settings.incidents.resolutionControls, ownerLabel: (id) => ownerLabel(deps, id) }));
      createFollowUps(deps, { incident: resolved, fromRequestId: request.id, followUps });
      const postmortemId = newId();
      const askAt = new Date(new Date(response.resolved_at).getTime() + settings.incidents.postmortemAfter);
      const payload: PostmortemPayload = { incidentId: incident.id, resolutionRequestId: request.id };
      insertRequest(
        db,
        {
          id: postmortemId,
          kind: POSTMORTEM_KIND,
          subject: incident.number,
          title: `Incident ${incident.number}: postmortem`,
          controls: settings.incidents.postmortemControls,
          assignee: input.userId,
          dedupeKey: `${POSTMORTEM_KIND}:${incident.id}`,
          payload,
          askAt: new Date(Math.max(askAt.getTime(), now.getTime())).toISOString(),
          dueAt: new Date(Math.max(askAt.getTime(), now.getTime()) + timingFor(settings, POSTMORTEM_KIND).escalateAfter).toISOString(),
        },
        now,
      );
      updateIncident(db, incident.id, { postmortem_request_id: postmortemId });
      return { kind: 'signed', requestId: request.id };
    });
  } catch (error) {
    if (error instanceof AlreadyAnsweredError) return { kind: 'duplicate' };
    if (error instanceof DomainError) return fail(error.message);
    throw error;
  }
}

function minutesBetween(from: string | null, to: string | null): string {
  if (!from || !to) return 'unknown';
  const minutes = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000);
  return minutes < 120 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;
}

function resolutionArtifact(input: { incident: IncidentRow; response: SignedResolution; artifactId: string; signer: Signer; history: HistoryEntry[]; timeline: { at: string; what: string; detail: string | null }[]; controls: string[]; ownerLabel: (slackId: string) => string }): ArtifactSpec {
  const { incident, response } = input;
  return {
    sourceKey: `request:${response.request_id}`,
    id: input.artifactId,
    kind: 'incident-resolution',
    controls: input.controls,
    period: response.resolved_at.slice(0, 10),
    capturedAt: response.submitted_at,
    subject: incidentSubject(incident),
    subjectLabel: `${incident.number}: ${incident.title}`.slice(0, 200),
    title: `Incident resolution: ${incident.number}`,
    requestId: response.request_id,
    signer: input.signer,
    sections: [
      {
        heading: 'Incident',
        blocks: [
          {
            type: 'fields',
            rows: [
              ['Reference', incident.number],
              ['Title', incident.title],
              ['Source', `${incident.source}${incident.url ? `: ${incident.url}` : ''}`],
              ['Severity', incident.severity ?? 'not given'],
              ['Service', incident.service ?? 'not given'],
              ['Triggered', formatUtc(incident.triggered_at)],
              ['Acknowledged', incident.acknowledged_at ? formatUtc(incident.acknowledged_at) : 'not recorded'],
              ['Detected', `${formatUtc(response.detected_at)}, as the on-call states it`],
              ['Resolved', `${formatUtc(response.resolved_at)}, as the on-call states it`],
              ['Time to acknowledge', minutesBetween(incident.triggered_at, incident.acknowledged_at)],
              ['Time to resolve', minutesBetween(response.detected_at, response.resolved_at)],
            ],
          },
        ],
      },
      { heading: 'Resolution', blocks: [{ type: 'paragraph', text: response.narrative }] },
      { heading: 'Root cause', blocks: [{ type: 'paragraph', text: response.root_cause }] },
      { heading: 'Customer impact', blocks: [{ type: 'paragraph', text: `${response.customer_impact}${response.impact_details ? `. ${response.impact_details}` : ''}` }] },
      {
        heading: 'Follow-up actions',
        blocks: [response.follow_ups.length === 0 ? { type: 'paragraph', text: 'None.' } : { type: 'table', columns: [{ header: 'Action', width: 5 }, { header: 'Owner', width: 2 }], rows: response.follow_ups.map((item) => [item.description, input.ownerLabel(item.owner)]) }],
      },
      { heading: 'Incident timeline', blocks: [{ type: 'table', columns: [{ header: 'When (UTC)', width: 2.2 }, { header: 'Event', width: 1.4 }, { header: 'Detail', width: 5 }], rows: input.timeline.map((event) => [formatUtc(event.at), event.what, event.detail ?? '']) }] },
    ],
    history: input.history,
    payload: response,
    format: 'pdf',
  };
}
