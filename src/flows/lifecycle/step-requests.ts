import { newId } from '../../ids.ts';
import { getChecklist, getStep, updateChecklist, updateStep, type ChecklistRow, type StepRow, touchChecklist } from '../../store/checklists.ts';
import { addEvent, getRequest, insertRequest, updateRequest } from '../../store/requests.ts';
import { stmt } from '../../store/statements.ts';
import type { FlowDeps } from '../deps.ts';
import { requestKindOf, subjectOf, typeLabel, type StepPayload } from './model.ts';

export function stepTitle(checklist: Pick<ChecklistRow, 'type' | 'name'>, step: Pick<StepRow, 'title'>): string {
  const title = `${typeLabel(checklist.type)} of ${checklist.name}: ${step.title}`;
  return title.length <= 190 ? title : `${title.slice(0, 189)}…`;
}

/**
 * Hands a step to its assignee as a request of the engine (DM now, reminders and escalation from
 * its due time). Call inside a transaction. A reopened step gets a new request; the answered one
 * stays as it was, with its artifact.
 */
export function openStepRequest(deps: FlowDeps, checklist: ChecklistRow, step: StepRow, assignee: string, reopened: string | null = null): string {
  const { db, clock } = deps;
  const attempt = (stmt(db, 'SELECT COUNT(*) FROM requests WHERE dedupe_key LIKE ?').pluck().get(`${requestKindOf(checklist.type)}:${checklist.id}:${step.step_key}:%`) as number) + 1;
  const requestId = newId();
  const payload: StepPayload = {
    checklistId: checklist.id,
    stepKey: step.step_key,
    type: checklist.type,
    stepKind: step.kind,
    personName: checklist.name,
    personEmail: checklist.email,
    system: step.system,
    dueAt: step.due_at,
    reopened,
  };
  insertRequest(
    db,
    {
      id: requestId,
      kind: requestKindOf(checklist.type),
      subject: subjectOf(checklist),
      title: stepTitle(checklist, step),
      controls: JSON.parse(step.controls) as string[],
      assignee,
      dedupeKey: `${requestKindOf(checklist.type)}:${checklist.id}:${step.step_key}:${attempt}`,
      payload,
      dueAt: step.due_at,
    },
    clock.now(),
  );
  updateStep(db, checklist.id, step.step_key, { state: 'open', assignee, request_id: requestId, waiting_for: null, done_at: null, done_by: null, note: null, link: null });
  touchChecklist(db, checklist.id);
  return requestId;
}

/** Cancels the open requests of a checklist (an onboarding overtaken by a termination). */
export function cancelChecklist(deps: FlowDeps, checklistId: string, reason: string): void {
  const { db, clock } = deps;
  const at = clock.now().toISOString();
  const checklist = getChecklist(db, checklistId);
  if (!checklist || checklist.state !== 'open') return;
  const requests = stmt(db, "SELECT r.id FROM checklist_steps s JOIN requests r ON r.id = s.request_id WHERE s.checklist_id = ? AND s.kind != 'acknowledgments' AND r.state IN ('open', 'escalated')")
    .pluck()
    .all(checklistId) as string[];
  for (const requestId of requests) {
    updateRequest(db, requestId, { state: 'cancelled', next_action_at: null });
    addEvent(db, requestId, 'cancelled', at, reason);
  }
  updateChecklist(db, checklistId, { state: 'cancelled', completed_at: at, verify_at: null, next_lookup_at: null });
  touchChecklist(db, checklistId);
}

/** Moves a step's due time, and its open request's timers with it. */
export function rescheduleStep(deps: FlowDeps, checklistId: string, stepKey: string, due: string): void {
  const { db, clock } = deps;
  const step = getStep(db, checklistId, stepKey);
  if (!step || step.state === 'done' || step.state === 'not_applicable') return;
  updateStep(db, checklistId, stepKey, { due_at: due });
  const request = step.request_id && step.kind !== 'acknowledgments' ? getRequest(db, step.request_id) : undefined;
  if (!request || (request.state !== 'open' && request.state !== 'escalated')) return;
  const payload = { ...(JSON.parse(request.payload) as StepPayload), dueAt: due };
  // The engine recomputes every timer from the new due time at its next pass.
  updateRequest(db, request.id, { payload: JSON.stringify(payload), due_at: due, next_action_at: request.asked_at ? clock.now().toISOString() : request.next_action_at });
}
