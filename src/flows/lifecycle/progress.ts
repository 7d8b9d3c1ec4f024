import { getChecklist, stepsOf, updateChecklist, updateStep, verificationsOf, type ChecklistRow, type StepRow, type VerificationRow, touchChecklist } from '../../store/checklists.ts';
import type { FlowDeps } from '../deps.ts';
import { completeChecklist } from './complete.ts';
import { isFinished } from './model.ts';
import { openStepRequest } from './step-requests.ts';
import { assign } from './templates.ts';
import type { SystemCheck } from './listing.ts';

/**
 * What still stands between a checklist and its final attestation, in words: unfinished steps,
 * systems not yet listed, and a verification that is missing, stale, or found accounts left.
 */
export function blockers(checklist: ChecklistRow, steps: StepRow[], verifications: VerificationRow[]): string[] {
  const reasons: string[] = [];
  const pending = steps.filter((step) => step.kind !== 'attestation' && !isFinished(step));
  if (pending.length > 0) reasons.push(`${pending.length} step(s) not done: ${pending.map((step) => step.title).join('; ')}`);
  if (checklist.type !== 'offboarding') return reasons;
  if (!checklist.discovered_at) return [...reasons, 'the connected systems have not been listed yet'];
  const latest = verifications.at(-1);
  const lastAccessDone = steps
    .filter((step) => step.kind === 'access-removal' && step.done_at)
    .map((step) => step.done_at!)
    .sort()
    .at(-1);
  if (!latest || (lastAccessDone && latest.at < lastAccessDone)) return [...reasons, 'the check that every account is gone has not run since the access was removed'];
  if (!latest.clean) {
    const results = JSON.parse(latest.results) as SystemCheck[];
    for (const result of results) {
      if (result.status === 'remaining') reasons.push(`${result.name} still has ${result.accounts.map((account) => `${account.label} (${account.status})`).join(', ')}`);
      if (result.status === 'failed') reasons.push(`${result.name} could not be checked: ${result.error}`);
    }
  }
  return reasons;
}

/**
 * Moves a checklist forward after anything changed: steps whose owner is now known are asked,
 * the offboarding check is scheduled once every access step is done, and the attestation opens
 * when nothing blocks it. Call inside a transaction.
 */
export function advance(deps: FlowDeps, checklistId: string): void {
  const { db, clock, settings } = deps;
  const checklist = getChecklist(db, checklistId);
  if (!checklist || checklist.state !== 'open') return;
  let steps = stepsOf(db, checklistId);
  for (const step of steps) {
    if (step.state !== 'waiting' || step.kind === 'attestation' || step.kind === 'acknowledgments') continue;
    const assignment = step.kind === 'access-removal' && step.assignee ? { assignee: step.assignee, waitingFor: null } : assign(settings, step.owner, checklist);
    if (assignment.assignee) openStepRequest(deps, checklist, step, assignment.assignee);
    else if (assignment.waitingFor !== step.waiting_for) updateStep(db, checklistId, step.step_key, { waiting_for: assignment.waitingFor });
  }
  steps = stepsOf(db, checklistId);
  const verifications = verificationsOf(db, checklistId);
  const access = steps.filter((step) => step.kind === 'access-removal');
  if (checklist.type === 'offboarding' && checklist.discovered_at && access.every(isFinished)) {
    const lastDone = access.map((step) => step.done_at ?? '').sort().at(-1) ?? checklist.discovered_at;
    const latest = verifications.at(-1);
    const now = clock.now().toISOString();
    // Every access step is done: check the systems now rather than wait for the deadline.
    if ((!latest || latest.at < lastDone) && (!checklist.verify_at || checklist.verify_at > now)) updateChecklist(db, checklistId, { verify_at: now });
  }
  const attestation = steps.find((step) => step.kind === 'attestation');
  const blocking = blockers(checklist, steps, verifications);
  if (attestation && attestation.state === 'waiting') {
    if (blocking.length === 0) {
      const assignment = assign(settings, attestation.owner, checklist);
      if (assignment.assignee) openStepRequest(deps, checklist, attestation, assignment.assignee);
      else updateStep(db, checklistId, attestation.step_key, { waiting_for: assignment.waitingFor });
    } else {
      updateStep(db, checklistId, attestation.step_key, { waiting_for: blocking.join('. ') });
    }
  }
  // A template without an attestation completes as soon as nothing blocks it.
  if (!attestation && blocking.length === 0) {
    completeChecklist(deps, checklistId, { attestation: null, signer: null, history: [] });
    return;
  }
  touchChecklist(db, checklistId);
}
