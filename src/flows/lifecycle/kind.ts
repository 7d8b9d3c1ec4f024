import { getChecklist, getStep, stepsOf, verificationsOf } from '../../store/checklists.ts';
import type { ChecklistType } from '../../store/checklists.ts';
import type { RequestRow } from '../../store/requests.ts';
import { formatUtc } from '../../time-format.ts';
import { notYoursModal, requestClosedModal } from '../../../views/acknowledgment.ts';
import { attestationModal, attestationStatement, stepAskMessage, stepModal, type StepModel } from '../../../views/checklist-step.ts';
import type { FlowDeps } from '../deps.ts';
import type { RequestKind } from '../request-kinds.ts';
import { requestKindOf, stepPayloadOf, stepTiming, typeLabel } from './model.ts';
import { blockers } from './progress.ts';

export function stepModelOf(deps: FlowDeps, request: RequestRow): StepModel {
  const payload = stepPayloadOf(request);
  const step = getStep(deps.db, payload.checklistId, payload.stepKey);
  const checklist = getChecklist(deps.db, payload.checklistId);
  return {
    requestId: request.id,
    checklistLabel: typeLabel(payload.type),
    personName: payload.personName,
    title: step?.title ?? request.title,
    dueAt: payload.dueAt,
    needsNote: step?.needs_note === 1,
    needsLink: step?.needs_link === 1,
    attestation: payload.stepKind === 'attestation',
    reopened: payload.reopened,
    channel: checklist?.channel ?? null,
  };
}

/** What blocks a checklist's attestation now, in words. */
export function currentBlockers(deps: FlowDeps, checklistId: string): string[] {
  const checklist = getChecklist(deps.db, checklistId);
  if (!checklist) return ['this checklist no longer exists'];
  return blockers(checklist, stepsOf(deps.db, checklistId), verificationsOf(deps.db, checklistId));
}

/** Opens a step's modal for its assignee (Done, or Not applicable preselected), or the attestation. */
export async function openStep(deps: FlowDeps, input: { request: RequestRow; userId: string; triggerId: string; outcome?: 'done' | 'not_applicable' }): Promise<void> {
  const { request, userId, triggerId } = input;
  if (request.assignee !== userId) return void (await deps.slack.openView(triggerId, notYoursModal(request.assignee, request.title)));
  if (request.state === 'answered' || request.state === 'cancelled') return void (await deps.slack.openView(triggerId, requestClosedModal(request.title, request.state === 'answered' ? `already done (${request.answered_at?.slice(0, 10)})` : 'cancelled')));
  const model = stepModelOf(deps, request);
  if (!model.attestation) return void (await deps.slack.openView(triggerId, stepModal(model, input.outcome ?? 'done')));
  const payload = stepPayloadOf(request);
  const steps = stepsOf(deps.db, payload.checklistId).filter((step) => step.kind !== 'attestation');
  const names = (slackId: string | null) => (slackId ? (deps.directory.cached(slackId)?.name ?? slackId) : 'evidence-bot');
  const stepLines = steps.map((step) =>
    step.state === 'done' || step.state === 'not_applicable'
      ? `${step.state === 'done' ? ':white_check_mark:' : ':heavy_minus_sign:'} ${step.title}: ${step.state === 'done' ? 'done' : 'not applicable'} by ${names(step.done_by)}, ${formatUtc(step.done_at!)}`
      : `:hourglass_flowing_sand: ${step.title}: not done`,
  );
  await deps.slack.openView(triggerId, attestationModal({ requestId: request.id, checklistLabel: model.checklistLabel, personName: model.personName, statement: attestationStatement(payload.type, payload.personName), stepLines, blockers: currentBlockers(deps, payload.checklistId) }));
}

/** The request engine's view of checklist steps: their DM, their button, their modal, and timers from their due time. */
export function checklistStepKind(deps: FlowDeps, type: ChecklistType): RequestKind {
  return {
    kind: requestKindOf(type),
    buttonLabel: 'Done',
    askMessage: (request) => stepAskMessage(stepModelOf(deps, request)),
    open: (input) => openStep(deps, input),
    timing: stepTiming,
  };
}
