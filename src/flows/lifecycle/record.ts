import { canonicalJson } from '../../evidence/canonical-json.ts';
import { sha256Hex } from '../../evidence/hash.ts';
import type { HistoryEntry, Signer } from '../../evidence/pdf/model.ts';
import { newId } from '../../ids.ts';
import { getChecklist, getStep, updateStep } from '../../store/checklists.ts';
import type { FlowDeps } from '../deps.ts';
import { stepArtifact, type StepRecord } from './artifacts.ts';
import { advance } from './progress.ts';

export interface StepOutcome {
  /** The record's artifact ID, when the caller needs it first (to mark the request answered). */
  artifactId?: string;
  checklistId: string;
  stepKey: string;
  outcome: 'done' | 'not_applicable';
  note: string | null;
  link: string | null;
  confirmed: boolean;
  at: string;
  doneBy: string | null;
  requestId: string | null;
  reopened: string | null;
  signer: Signer | null;
  history: HistoryEntry[];
  acknowledgment?: StepRecord['acknowledgment'];
}

/**
 * Marks a step done (or not applicable), files its JSON record, and moves the checklist on. The
 * record's payload hash is kept with the step, for the checklist's PDF. Call inside a transaction.
 */
export function recordStep(deps: FlowDeps, input: StepOutcome): string {
  const { db, settings } = deps;
  const checklist = getChecklist(db, input.checklistId);
  const step = getStep(db, input.checklistId, input.stepKey);
  if (!checklist || !step) throw new Error(`no step ${input.stepKey} in checklist ${input.checklistId}`);
  const record: StepRecord = {
    checklist_id: checklist.id,
    checklist_type: checklist.type,
    person: { name: checklist.name, email: checklist.email },
    step_key: step.step_key,
    step_title: step.title,
    step_kind: step.kind,
    system: step.system,
    outcome: input.outcome,
    note: input.note,
    link: input.link,
    confirmed: input.confirmed,
    due_at: step.due_at,
    late: input.at > step.due_at,
    done_at: input.at,
    done_by_slack_id: input.doneBy,
    request_id: input.requestId,
    reopened: input.reopened,
    acknowledgment: input.acknowledgment ?? null,
  };
  const artifactId = input.artifactId ?? newId();
  deps.evidence.enqueue(stepArtifact({ settings, checklist, step, record, signer: input.signer, history: input.history, artifactId }));
  updateStep(db, checklist.id, step.step_key, {
    state: input.outcome,
    done_at: input.at,
    done_by: input.doneBy,
    note: input.note,
    link: input.link,
    artifact_id: artifactId,
    payload_sha256: sha256Hex(canonicalJson(record)),
    waiting_for: null,
  });
  advance(deps, checklist.id);
  return artifactId;
}
