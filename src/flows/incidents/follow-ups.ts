import { DomainError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { IncidentRow } from '../../store/incidents.ts';
import { insertRequest, type RequestRow } from '../../store/requests.ts';
import { stmt } from '../../store/statements.ts';
import { FOLLOW_UP_IDS, followUpAskMessage, followUpModal } from '../../../views/follow-up.ts';
import { notYoursModal, requestClosedModal } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import { readableMentions } from '../mentions.ts';
import type { RequestKind } from '../request-kinds.ts';
import { AlreadyAnsweredError, checkAnswer, DAMAGED_FORM, historyOf, markAnswered, requestForAnswer, requestIdOf } from '../requests.ts';
import { elementState, inputBlock, parseFormValues, textInput } from './form-state.ts';
import { FOLLOW_UP_KIND, incidentSubject, type FollowUp, type FollowUpPayload } from './model.ts';

/** An owner as the artifact prints it: their name where it is known, with the Slack ID that identifies them. */
export function ownerLabel(deps: FlowDeps, slackId: string): string {
  return readableMentions(deps.db, `<@${slackId}>`);
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Each follow-up action becomes a request to its owner, due after `incidents.followUpDue`; one already tracked is not repeated. */
export function createFollowUps(deps: FlowDeps, input: { incident: IncidentRow; fromRequestId: string; followUps: FollowUp[] }): number {
  const { db, clock, settings } = deps;
  const now = clock.now();
  const dueAt = new Date(now.getTime() + settings.incidents.followUpDue).toISOString();
  const tracked = new Set(
    (stmt(db, "SELECT json_extract(payload, '$.description') FROM requests WHERE kind = ? AND json_extract(payload, '$.incidentId') = ?").pluck().all(FOLLOW_UP_KIND, input.incident.id) as string[]).map(normalise),
  );
  let created = 0;
  for (const item of input.followUps) {
    if (tracked.has(normalise(item.description))) continue;
    tracked.add(normalise(item.description));
    const payload: FollowUpPayload = { incidentId: input.incident.id, number: input.incident.number, description: item.description, fromRequestId: input.fromRequestId, dueAt };
    const id = newId();
    insertRequest(db, { id, kind: FOLLOW_UP_KIND, subject: input.incident.number, title: `${input.incident.number} follow-up: ${item.description}`.slice(0, 200), controls: settings.incidents.postmortemControls, assignee: item.owner, dedupeKey: `${FOLLOW_UP_KIND}:${id}`, payload, dueAt }, now);
    created += 1;
  }
  return created;
}

export function followUpKind(deps: FlowDeps): RequestKind {
  const payloadOf = (request: RequestRow) => JSON.parse(request.payload) as FollowUpPayload;
  return {
    kind: FOLLOW_UP_KIND,
    buttonLabel: 'Mark done',
    askMessage: (request) => followUpAskMessage({ requestId: request.id, ...payloadOf(request) }),
    open: async ({ request, userId, triggerId }) => {
      if (request.assignee !== userId) return void (await deps.slack.openView(triggerId, notYoursModal(request.assignee, request.title)));
      if (request.state === 'answered' || request.state === 'cancelled') return void (await deps.slack.openView(triggerId, requestClosedModal(request.title, 'already done')));
      await deps.slack.openView(triggerId, followUpModal({ requestId: request.id, ...payloadOf(request) }));
    },
  };
}

// Lengths as the modal's own max_length, which Slack never exceeds; the link field has none, so 3,000 as other forms' links.
const shape = {
  [FOLLOW_UP_IDS.noteBlock]: inputBlock(FOLLOW_UP_IDS.noteAction, textInput(2000)),
  [FOLLOW_UP_IDS.linkBlock]: inputBlock(FOLLOW_UP_IDS.linkAction, textInput(3000)),
};

/** The owner marks a follow-up done: filed as a small signed record under the incident. */
export async function submitFollowUp(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: unknown }): Promise<{ kind: 'done'; requestId: string } | { kind: 'duplicate' } | { kind: 'errors'; errors: Record<string, string> }> {
  const { db, clock, directory, evidence } = deps;
  const requestId = requestIdOf(input.privateMetadata);
  if (!requestId) return { kind: 'errors', errors: { [FOLLOW_UP_IDS.noteBlock]: DAMAGED_FORM } };
  const check = checkAnswer(db, requestId, input.userId);
  if (check.kind === 'duplicate') return { kind: 'duplicate' };
  if (check.kind === 'refused') return { kind: 'errors', errors: { [FOLLOW_UP_IDS.noteBlock]: check.message } };
  const parsed = parseFormValues(shape, input.values, FOLLOW_UP_IDS.noteBlock);
  if (!parsed.ok) return { kind: 'errors', errors: parsed.errors };
  const note = (elementState(parsed.state, FOLLOW_UP_IDS.noteBlock, FOLLOW_UP_IDS.noteAction)?.value ?? '').trim();
  const link = (elementState(parsed.state, FOLLOW_UP_IDS.linkBlock, FOLLOW_UP_IDS.linkAction)?.value ?? '').trim() || null;
  if (note.length < 3) return { kind: 'errors', errors: { [FOLLOW_UP_IDS.noteBlock]: 'Say what was done.' } };
  if (link && !/^https?:\/\/\S+$/.test(link)) return { kind: 'errors', errors: { [FOLLOW_UP_IDS.linkBlock]: 'Give a web link (https://…), or leave it empty.' } };
  const person = directory.cached(input.userId);
  if (!person) return { kind: 'errors', errors: { [FOLLOW_UP_IDS.noteBlock]: 'Your Slack profile is not known to evidence-bot yet. Try again in a minute.' } };
  const now = clock.now();
  try {
    return await deps.writer.run(() => {
      const request = requestForAnswer(db, requestId, input.userId);
      const payload = JSON.parse(request.payload) as FollowUpPayload;
      const response = { request_id: request.id, incident_id: payload.incidentId, incident_number: payload.number, description: payload.description, due_at: payload.dueAt, note, link, on_time: now.toISOString() <= payload.dueAt, signer_slack_id: input.userId, submitted_at: now.toISOString() };
      const artifactId = newId();
      markAnswered(db, request, input.userId, response, now, artifactId);
      evidence.enqueue({
        sourceKey: `request:${request.id}`,
        id: artifactId,
        kind: 'incident-follow-up',
        controls: JSON.parse(request.controls) as string[],
        period: now.toISOString().slice(0, 10),
        capturedAt: now.toISOString(),
        subject: incidentSubject({ number: payload.number }),
        subjectLabel: payload.number,
        title: `Incident follow-up done: ${payload.number}`,
        requestId: request.id,
        signer: { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz },
        sections: [{ heading: 'Follow-up', blocks: [{ type: 'fields', rows: [['Incident', payload.number], ['Action', payload.description], ['Due', payload.dueAt], ['Done', now.toISOString()], ['What was done', note], ['Link', link ?? 'none']] }] }],
        history: historyOf(db, request.id),
        payload: response,
        format: 'json',
      });
      return { kind: 'done' as const, requestId: request.id };
    });
  } catch (error) {
    if (error instanceof AlreadyAnsweredError) return { kind: 'duplicate' };
    if (error instanceof DomainError) return { kind: 'errors', errors: { [FOLLOW_UP_IDS.noteBlock]: error.message } };
    throw error;
  }
}
