import type { HistoryEntry, Signer } from '../../evidence/pdf/model.ts';
import { newId } from '../../ids.ts';
import { getChecklist, stepsOf, updateChecklist, verificationsOf, touchChecklist } from '../../store/checklists.ts';
import type { FlowDeps } from '../deps.ts';
import { checklistArtifact, type Attestation } from './artifacts.ts';

/**
 * Closes a checklist and queues its PDF: every step with time, owner and record hash, what the
 * connectors found, every check, and the attestation. Call inside a transaction.
 */
export function completeChecklist(deps: FlowDeps, checklistId: string, input: { artifactId?: string; attestation: Attestation | null; signer: Signer | null; history: HistoryEntry[] }): string {
  const { db, clock, settings, directory } = deps;
  const checklist = getChecklist(db, checklistId);
  if (!checklist || checklist.state !== 'open') throw new Error(`checklist ${checklistId} is not open`);
  const completedAt = input.attestation?.signedAt ?? clock.now().toISOString();
  const artifactId = input.artifactId ?? newId();
  deps.evidence.enqueue(
    checklistArtifact({
      settings,
      checklist,
      steps: stepsOf(db, checklistId),
      verifications: verificationsOf(db, checklistId),
      attestation: input.attestation,
      signer: input.signer,
      history: input.history,
      artifactId,
      completedAt,
      names: (slackId) => directory.cached(slackId)?.name ?? slackId,
    }),
  );
  updateChecklist(db, checklistId, { state: 'completed', completed_at: completedAt, artifact_id: artifactId, verify_at: null, next_lookup_at: null });
  touchChecklist(db, checklistId);
  deps.logger.info('checklist completed', { checklistId, type: checklist.type, artifactId });
  return artifactId;
}
