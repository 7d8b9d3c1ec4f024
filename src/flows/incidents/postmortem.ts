import type { PostmortemDraft, PostmortemInput } from '../../drafter/types.ts';
import { OWNER_PROMPT } from '../../drafter/template.ts';
import { DomainError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { getIncident, incidentTimeline, type IncidentRow } from '../../store/incidents.ts';
import { getRequest, updateRequest, type RequestRow } from '../../store/requests.ts';
import { formatUtc } from '../../time-format.ts';
import { ACTION_ROWS, POSTMORTEM_IDS, POSTMORTEM_SECTIONS, postmortemAskMessage, postmortemModal, type PostmortemField } from '../../../views/postmortem.ts';
import { notYoursModal, requestClosedModal } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import type { RequestKind } from '../request-kinds.ts';
import { AlreadyAnsweredError, checkAnswer, DAMAGED_FORM, historyOf, markAnswered, requestForAnswer, requestIdOf } from '../requests.ts';
import { createFollowUps, ownerLabel } from './follow-ups.ts';
import { elementState, inputBlock, parseFormValues, textInput, usersSelect } from './form-state.ts';
import { ownerErrors, type ChosenOwner } from './owners.ts';
import { summaryOf } from './sync.ts';
import { readableMentions } from '../mentions.ts';
import { incidentSubject, POSTMORTEM_KIND, type PostmortemPayload, type SignedResolution } from './model.ts';

function context(deps: FlowDeps, request: RequestRow): { payload: PostmortemPayload; incident: IncidentRow; resolution: SignedResolution } {
  const payload = JSON.parse(request.payload) as PostmortemPayload;
  const incident = getIncident(deps.db, payload.incidentId);
  const resolutionRequest = getRequest(deps.db, payload.resolutionRequestId);
  if (!incident || !resolutionRequest?.response) throw new DomainError('The incident or its resolution no longer exists.', 'not_found');
  return { payload, incident, resolution: JSON.parse(resolutionRequest.response) as SignedResolution };
}

/** What the drafter sees: the record and the signed resolution; the prompt treats all of it as data. */
/** What the channel post shows, without the live status and on-call: the drafter writes about a closed incident. */
function factsOf(incident: IncidentRow) {
  const { status: _status, oncall: _oncall, ...facts } = summaryOf(incident);
  return facts;
}

export function postmortemInput(deps: FlowDeps, incident: IncidentRow, resolution: SignedResolution): PostmortemInput {
  return {
    incident: {
      ...factsOf(incident),
      timeline: incidentTimeline(deps.db, incident.id).map((event) => ({ at: event.at, what: event.what, ...(event.detail ? { detail: readableMentions(deps.db, event.detail) } : {}) })),
    },
    resolution: {
      narrative: resolution.narrative,
      rootCause: resolution.root_cause,
      customerImpact: `${resolution.customer_impact}${resolution.impact_details ? `. ${resolution.impact_details}` : ''}`,
      detectedAt: resolution.detected_at,
      resolvedAt: resolution.resolved_at,
      followUps: resolution.follow_ups.map((item) => ({ description: item.description, owner: item.owner })),
      signedBy: ownerLabel(deps, resolution.signer_slack_id),
      signedAt: resolution.submitted_at,
    },
  };
}

export function postmortemKind(deps: FlowDeps): RequestKind {
  return {
    kind: POSTMORTEM_KIND,
    buttonLabel: 'Review postmortem',
    // Drafting (the model, with retries) happens in the sweep, before the DM: never inside a Slack request.
    prepare: async (request) => {
      const { payload, incident, resolution } = context(deps, request);
      if (payload.draft) return;
      const draft = await deps.drafter.draftPostmortem(postmortemInput(deps, incident, resolution));
      updateRequest(deps.db, request.id, { payload: JSON.stringify({ ...payload, draft }) });
    },
    askMessage: (request) => {
      const { payload, incident } = context(deps, request);
      return postmortemAskMessage({ requestId: request.id, number: incident.number, title: incident.title, generatedBy: payload.draft?.generatedBy ?? 'template' });
    },
    open: async ({ request, userId, triggerId }) => {
      if (request.assignee !== userId) return void (await deps.slack.openView(triggerId, notYoursModal(request.assignee, request.title)));
      if (request.state === 'answered' || request.state === 'cancelled') return void (await deps.slack.openView(triggerId, requestClosedModal(request.title, 'already signed')));
      const { payload, incident } = context(deps, request);
      if (!payload.draft) throw new DomainError('The draft is not ready yet. Try again in a minute.', 'not_ready');
      await deps.slack.openView(triggerId, postmortemModal({ requestId: request.id, number: incident.number, draft: payload.draft }));
    },
  };
}

// Lengths as the modal's own max_length: Slack never sends more.
const shape = {
  ...Object.fromEntries(POSTMORTEM_SECTIONS.map(([field]) => [POSTMORTEM_IDS.sectionBlock(field), inputBlock(POSTMORTEM_IDS.sectionAction, textInput(3000))])),
  ...Object.fromEntries(
    Array.from({ length: ACTION_ROWS }, (_, n) => [
      [POSTMORTEM_IDS.actionTextBlock(n), inputBlock(POSTMORTEM_IDS.actionTextAction, textInput(500))],
      [POSTMORTEM_IDS.actionOwnerBlock(n), inputBlock(POSTMORTEM_IDS.actionOwnerAction, usersSelect)],
    ]).flat(),
  ),
};

/** The owner signs the postmortem as edited; new action items become tracked follow-ups. */
export async function submitPostmortem(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: unknown }): Promise<{ kind: 'signed'; requestId: string } | { kind: 'duplicate' } | { kind: 'errors'; errors: Record<string, string> }> {
  const { db, clock, directory, evidence, settings } = deps;
  const firstBlock = POSTMORTEM_IDS.sectionBlock('summary');
  const requestId = requestIdOf(input.privateMetadata);
  if (!requestId) return { kind: 'errors', errors: { [firstBlock]: DAMAGED_FORM } };
  const check = checkAnswer(db, requestId, input.userId);
  if (check.kind === 'duplicate') return { kind: 'duplicate' };
  if (check.kind === 'refused') return { kind: 'errors', errors: { [firstBlock]: check.message } };
  const parsed = parseFormValues(shape, input.values, firstBlock);
  if (!parsed.ok) return { kind: 'errors', errors: parsed.errors };
  const text = (field: PostmortemField) => (elementState(parsed.state, POSTMORTEM_IDS.sectionBlock(field), POSTMORTEM_IDS.sectionAction)?.value ?? '').trim();
  const errors: Record<string, string> = {};
  for (const [field, label] of POSTMORTEM_SECTIONS) {
    if (!text(field)) errors[POSTMORTEM_IDS.sectionBlock(field)] = `${label} cannot be empty.`;
    // A signature over the template's prompt would file an unfinished review as a finished one.
    else if (text(field).includes(OWNER_PROMPT)) errors[POSTMORTEM_IDS.sectionBlock(field)] = `${label} still has the draft's prompt ("${OWNER_PROMPT}"). Write what you found, then sign.`;
  }
  const actionItems: { description: string; owner: string }[] = [];
  const chosen: ChosenOwner[] = [];
  for (let n = 0; n < ACTION_ROWS; n += 1) {
    const description = (elementState(parsed.state, POSTMORTEM_IDS.actionTextBlock(n), POSTMORTEM_IDS.actionTextAction)?.value ?? '').trim();
    const owner = elementState(parsed.state, POSTMORTEM_IDS.actionOwnerBlock(n), POSTMORTEM_IDS.actionOwnerAction)?.selected_user || null;
    if (!description) continue;
    actionItems.push({ description, owner: owner ?? input.userId });
    if (owner) chosen.push({ block: POSTMORTEM_IDS.actionOwnerBlock(n), field: `the owner of item ${n + 1}`, slackId: owner });
  }
  if (Object.keys(errors).length > 0) return { kind: 'errors', errors };
  const unknownOwners = await ownerErrors(deps, chosen);
  if (Object.keys(unknownOwners).length > 0) return { kind: 'errors', errors: unknownOwners };
  const person = directory.cached(input.userId);
  if (!person) return { kind: 'errors', errors: { [firstBlock]: 'Your Slack profile is not known to evidence-bot yet. Try again in a minute.' } };
  const now = clock.now();
  try {
    return await deps.writer.run(() => {
      const request = requestForAnswer(db, requestId, input.userId);
      const { payload, incident } = context(deps, request);
      const draft = payload.draft as PostmortemDraft;
      const final = Object.fromEntries(POSTMORTEM_SECTIONS.map(([field]) => [field, text(field)])) as Record<PostmortemField, string>;
      const edited = POSTMORTEM_SECTIONS.filter(([field]) => final[field] !== (draft[field] ?? '').trim()).map(([, label]) => label);
      // The signed record uses snake_case like every other payload; the draft's fields are camelCase.
      const sections = { summary: final.summary, impact: final.impact, timeline: final.timeline, root_cause: final.rootCause, resolution: final.resolution, what_went_well: final.whatWentWell, what_went_wrong: final.whatWentWrong };
      const response = { request_id: request.id, incident_id: incident.id, incident_number: incident.number, ...sections, action_items: actionItems, drafted_by: draft.generatedBy, draft_fallback_reason: draft.fallbackReason, sections_edited: edited, signer_slack_id: input.userId, submitted_at: now.toISOString() };
      const artifactId = newId();
      markAnswered(db, request, input.userId, response, now, artifactId);
      createFollowUps(deps, { incident, fromRequestId: request.id, followUps: actionItems });
      evidence.enqueue({
        sourceKey: `request:${request.id}`,
        id: artifactId,
        kind: 'postmortem',
        controls: settings.incidents.postmortemControls,
        period: (incident.resolved_at ?? now.toISOString()).slice(0, 10),
        capturedAt: now.toISOString(),
        subject: incidentSubject(incident),
        subjectLabel: `${incident.number}: ${incident.title}`.slice(0, 200),
        title: `Postmortem: ${incident.number}`,
        requestId: request.id,
        signer: { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz },
        sections: [
          {
            heading: 'Incident',
            blocks: [
              {
                type: 'fields',
                rows: [
                  ['Reference', incident.number],
                  ['Title', incident.title],
                  ['Resolved', incident.resolved_at ? formatUtc(incident.resolved_at) : 'not recorded'],
                  ['Draft', `${draft.generatedBy}${draft.fallbackReason ? ` (${draft.fallbackReason})` : ''}`],
                  ['Edited by the signer', edited.length > 0 ? edited.join(', ') : 'nothing: signed as drafted'],
                ],
              },
            ],
          },
          ...POSTMORTEM_SECTIONS.map(([field, label]) => ({ heading: label, blocks: [{ type: 'paragraph' as const, text: final[field] }] })),
          { heading: 'Action items', blocks: [actionItems.length === 0 ? { type: 'paragraph' as const, text: 'None.' } : { type: 'table' as const, columns: [{ header: 'Action', width: 5 }, { header: 'Owner', width: 2 }], rows: actionItems.map((item) => [item.description, ownerLabel(deps, item.owner)]) }] },
        ],
        history: historyOf(db, request.id),
        payload: response,
        format: 'pdf',
      });
      return { kind: 'signed' as const, requestId: request.id };
    });
  } catch (error) {
    if (error instanceof AlreadyAnsweredError) return { kind: 'duplicate' };
    if (error instanceof DomainError) return { kind: 'errors', errors: { [firstBlock]: error.message } };
    throw error;
  }
}
