import { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { getChecklist, stepByRequest } from '../../store/checklists.ts';
import type { RequestRow } from '../../store/requests.ts';
import { attestationStatement, STEP_IDS } from '../../../views/checklist-step.ts';
import type { FlowDeps } from '../deps.ts';
import { AlreadyAnsweredError, DAMAGED_FORM, historyOf, markAnswered, requestForAnswer, requestIdOf } from '../requests.ts';
import { completeChecklist } from './complete.ts';
import { currentBlockers } from './kind.ts';
import { stepPayloadOf } from './model.ts';
import { recordStep } from './record.ts';

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] }>>;

export type StepOutcome = { kind: 'signed'; requestId: string; checklistId: string } | { kind: 'duplicate' } | { kind: 'errors'; errors: Record<string, string> };


const url = z.url({ protocol: /^https?$/ }).max(3000);

/**
 * An owner marks a step done or not applicable: checked (their own open step, what it needs),
 * then recorded, filed and the checklist moved on, in one transaction before the modal closes.
 */
export async function submitStep(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: Values }): Promise<StepOutcome> {
  const { db, clock, directory } = deps;
  const requestId = requestIdOf(input.privateMetadata);
  if (!requestId) return { kind: 'errors', errors: { [STEP_IDS.noteBlock]: DAMAGED_FORM } };
  const v = input.values;
  const outcome = v[STEP_IDS.outcomeBlock]?.[STEP_IDS.outcomeAction]?.selected_option?.value;
  const note = (v[STEP_IDS.noteBlock]?.[STEP_IDS.noteAction]?.value ?? '').trim();
  const link = (v[STEP_IDS.linkBlock]?.[STEP_IDS.linkAction]?.value ?? '').trim();
  const confirmed = (v[STEP_IDS.confirmBlock]?.[STEP_IDS.confirmAction]?.selected_options ?? []).some((option) => option.value === 'confirmed');
  const errors: Record<string, string> = {};
  const step = stepByRequest(db, requestId);
  if (outcome !== 'done' && outcome !== 'not_applicable') errors[STEP_IDS.outcomeBlock] = 'Choose Done or Not applicable.';
  else if (outcome === 'done') {
    if (step?.needs_note && !note) errors[STEP_IDS.noteBlock] = 'Say what was done (for example: account removed, sessions revoked).';
    if (step?.needs_link && !link) errors[STEP_IDS.linkBlock] = 'Add the link to the ticket, change or document.';
    if (!confirmed) errors[STEP_IDS.confirmBlock] = 'Confirm you did this step to sign.';
  } else if (!note) errors[STEP_IDS.noteBlock] = 'Say why this step does not apply.';
  if (link && !url.safeParse(link).success) errors[STEP_IDS.linkBlock] = 'That is not an http(s) link.';
  if (note.length > 2000) errors[STEP_IDS.noteBlock] = 'Keep the note under 2,000 characters.';
  if (Object.keys(errors).length > 0) return { kind: 'errors', errors };
  const person = directory.cached(input.userId);
  if (!person) return { kind: 'errors', errors: { [STEP_IDS.noteBlock]: 'Your Slack profile is not known to evidence-bot yet. Try again in a minute.' } };
  const at = clock.now().toISOString();
  try {
    return await deps.writer.run((): StepOutcome => {
      const request = requestForAnswer(db, requestId, input.userId);
      const { checklistId, stepKey, stepKind } = checkedStep(deps, request);
      if (stepKind === 'attestation') throw new DomainError('This is the attestation; open it from its own message.', 'not_a_step');
      const response = { request_id: request.id, checklist_id: checklistId, step_key: stepKey, outcome, note: note || null, link: link || null, confirmed, signer_slack_id: input.userId, submitted_at: at };
      const artifactId = newId();
      markAnswered(db, request, input.userId, response, new Date(at), artifactId);
      recordStep(deps, {
        artifactId,
        checklistId,
        stepKey,
        outcome: outcome as 'done' | 'not_applicable',
        note: note || null,
        link: link || null,
        confirmed,
        at,
        doneBy: input.userId,
        requestId: request.id,
        reopened: stepPayloadOf(request).reopened,
        signer: { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz },
        history: historyOf(db, request.id),
      });
      return { kind: 'signed', requestId: request.id, checklistId };
    });
  } catch (error) {
    return failure(error, STEP_IDS.noteBlock, input.userId);
  }
}

/** The manager's final attestation: refused while anything blocks it; otherwise the checklist completes and its PDF is queued. */
export async function submitAttestation(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: Values }): Promise<StepOutcome> {
  const { db, clock, directory } = deps;
  const requestId = requestIdOf(input.privateMetadata);
  const block = STEP_IDS.attestBlock;
  if (!requestId) return { kind: 'errors', errors: { [block]: DAMAGED_FORM } };
  const attested = (input.values[STEP_IDS.attestBlock]?.[STEP_IDS.attestAction]?.selected_options ?? []).some((option) => option.value === 'attest');
  const comment = (input.values[STEP_IDS.commentBlock]?.[STEP_IDS.commentAction]?.value ?? '').trim().slice(0, 2000);
  const step = stepByRequest(db, requestId);
  const blocking = step ? currentBlockers(deps, step.checklist_id) : [];
  if (blocking.length > 0) return { kind: 'errors', errors: { [block]: `This cannot be signed yet: ${blocking.join('; ')}`.slice(0, 1900) } };
  if (!attested) return { kind: 'errors', errors: { [block]: 'Tick the attestation to sign.' } };
  const person = directory.cached(input.userId);
  if (!person) return { kind: 'errors', errors: { [block]: 'Your Slack profile is not known to evidence-bot yet. Try again in a minute.' } };
  const at = clock.now().toISOString();
  try {
    return await deps.writer.run((): StepOutcome => {
      const request = requestForAnswer(db, requestId, input.userId);
      const { checklistId, stepKey, stepKind } = checkedStep(deps, request);
      if (stepKind !== 'attestation') throw new DomainError('This step is not an attestation.', 'not_attestation');
      // Checked again inside the write: a check may have found an account since the modal opened.
      const late = currentBlockers(deps, checklistId);
      if (late.length > 0) throw new DomainError(`This cannot be signed yet: ${late.join('; ')}`.slice(0, 1900), 'blocked');
      const checklist = getChecklist(db, checklistId)!;
      const statement = attestationStatement(checklist.type, checklist.name);
      const signer = { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz };
      const response = { request_id: request.id, checklist_id: checklistId, statement, attested: true, comment, signer_slack_id: input.userId, submitted_at: at };
      // The request's evidence is the completed checklist the manager signed.
      const artifactId = newId();
      markAnswered(db, request, input.userId, response, new Date(at), artifactId);
      const history = historyOf(db, request.id);
      recordStep(deps, { checklistId, stepKey, outcome: 'done', note: comment || null, link: null, confirmed: true, at, doneBy: input.userId, requestId: request.id, reopened: null, signer, history });
      completeChecklist(deps, checklistId, { artifactId, attestation: { statement, comment, signerSlackId: input.userId, signedAt: at, requestId: request.id }, signer, history });
      return { kind: 'signed', requestId: request.id, checklistId };
    });
  } catch (error) {
    return failure(error, block, input.userId);
  }
}

function checkedStep(deps: FlowDeps, request: RequestRow): { checklistId: string; stepKey: string; stepKind: string } {
  const step = stepByRequest(deps.db, request.id);
  if (!step) throw new DomainError('This step was asked again; use the newest message about it.', 'stale_step');
  const checklist = getChecklist(deps.db, step.checklist_id);
  if (!checklist || checklist.state !== 'open') throw new DomainError(`This checklist is ${checklist?.state ?? 'gone'}; there is nothing to sign.`, 'checklist_closed');
  return { checklistId: step.checklist_id, stepKey: step.step_key, stepKind: step.kind };
}

function failure(error: unknown, block: string, userId: string): StepOutcome {
  // A second delivery of the same submission is not an error; a step the bot closed is.
  if (error instanceof AlreadyAnsweredError && error.request.answered_by === userId) return { kind: 'duplicate' };
  if (error instanceof DomainError) return { kind: 'errors', errors: { [block]: error.message } };
  throw error;
}
