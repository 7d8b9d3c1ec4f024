import { DomainError } from '../../errors.ts';
import type { ArtifactSpec } from '../../evidence/spec.ts';
import type { HistoryEntry, Signer } from '../../evidence/pdf/model.ts';
import { newId } from '../../ids.ts';
import { getIncident, incidentTimeline, updateIncident, type IncidentRow } from '../../store/incidents.ts';
import { insertRequest, type RequestRow } from '../../store/requests.ts';
import { formatUtc } from '../../time-format.ts';
import { INCIDENT_IDS, resolutionAskMessage, resolutionModal } from '../../../views/incident.ts';
import { notYoursModal, requestClosedModal } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import { timingFor } from '../escalation.ts';
import type { RequestKind } from '../request-kinds.ts';
import { AlreadyAnsweredError, checkAnswer, DAMAGED_FORM, historyOf, markAnswered, requestForAnswer, requestIdOf } from '../requests.ts';
import { createFollowUps, ownerLabel } from './follow-ups.ts';
import { ownerErrors } from './owners.ts';
import { readResolutionForm } from './resolution-form.ts';
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

export type ResolutionOutcome = { kind: 'signed'; requestId: string } | { kind: 'duplicate' } | { kind: 'errors'; errors: Record<string, string> };

/**
 * The on-call signs the resolution: recorded with the incident's whole timeline, follow-ups go
 * to their owners, and the postmortem is scheduled. All before the modal closes.
 */
export async function submitResolution(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: unknown }): Promise<ResolutionOutcome> {
  const { db, clock, directory, evidence, settings } = deps;
  const fail = (message: string): ResolutionOutcome => ({ kind: 'errors', errors: { [INCIDENT_IDS.narrativeBlock]: message } });
  const requestId = requestIdOf(input.privateMetadata);
  if (!requestId) return fail(DAMAGED_FORM);
  const check = checkAnswer(db, requestId, input.userId);
  if (check.kind === 'duplicate') return { kind: 'duplicate' };
  if (check.kind === 'refused') return fail(check.message);
  const now = clock.now();
  const read = readResolutionForm(input.values, now);
  if ('errors' in read) return { kind: 'errors', errors: read.errors };
  const unknownOwners = await ownerErrors(deps, read.form.owners);
  if (Object.keys(unknownOwners).length > 0) return { kind: 'errors', errors: unknownOwners };
  const person = directory.cached(input.userId);
  if (!person) return fail('Your Slack profile is not known to evidence-bot yet. Try again in a minute.');
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
