import type { EvaluatedObligation, ObligationStatus } from '../gaps.ts';
import type { PackagedFile } from './manifest.ts';
import type { ReadStatus } from './read-back.ts';

/**
 * The ledger's status, qualified by the read-back: met-unverified when the ledger says an
 * artifact answers the obligation but that artifact did not come back intact from the store,
 * so the package cannot show the evidence it rests on.
 */
export type PackagedObligationStatus = ObligationStatus | 'met-unverified';

export interface PackagedObligation extends Omit<EvaluatedObligation, 'status'> {
  status: PackagedObligationStatus;
  /** Beside each of `evidence`: what reading its files back found; null when the artifact was not selected, so not read. */
  readBack: (ReadStatus | null)[];
}

/** Met, read back intact, but its evidence came after the due date: counted and shown apart from plain "met". */
export function isMetLate(obligation: PackagedObligation): boolean {
  return obligation.status === 'met' && obligation.late;
}

/** missing, not-uploaded, unreadable: the package holds no bytes for the object; altered: it holds them as found. */
export type FailedRead = Exclude<ReadStatus, 'ok'>;

export function failedRead(status: ReadStatus | null | undefined): status is FailedRead {
  return !!status && status !== 'ok';
}

/** How each failed read-back is said wherever a person reads it; the keyword matches the problem lines (MISSING: …). */
export const READ_BACK_TEXT: Record<FailedRead, string> = {
  missing: 'MISSING from the store',
  'not-uploaded': 'NOT IN THE STORE YET',
  unreadable: 'UNREADABLE in the store',
  altered: 'ALTERED in the store',
};

/** Per artifact, the first of its files (PDF, then sidecar) that did not read back intact, else ok. */
export function artifactReadBack(files: PackagedFile[]): Map<string, ReadStatus> {
  const statuses = new Map<string, ReadStatus>();
  for (const file of files) {
    if (!file.artifactId) continue;
    const sofar = statuses.get(file.artifactId);
    if (!sofar || sofar === 'ok') statuses.set(file.artifactId, file.status);
  }
  return statuses;
}

/** Qualifies each obligation by what the read-back found for the artifacts answering it. */
export function packagedObligations(obligations: EvaluatedObligation[], readBack: Map<string, ReadStatus>): PackagedObligation[] {
  return obligations.map((obligation) => {
    const statuses = obligation.evidence.map((evidence) => readBack.get(evidence.id) ?? null);
    // One failed artifact is enough: a package must never look cleaner than the store it came from.
    const intact = !statuses.some(failedRead);
    return { ...obligation, status: obligation.status === 'met' && !intact ? 'met-unverified' : obligation.status, readBack: statuses };
  });
}

/** One sentence naming each answering artifact that did not read back intact, or null. */
export function evidenceProblem(obligation: PackagedObligation): string | null {
  const failed = obligation.evidence.flatMap((evidence, index) => {
    const status = obligation.readBack[index];
    return failedRead(status) ? [`artifact ${evidence.id} is ${READ_BACK_TEXT[status]}`] : [];
  });
  return failed.length === 0 ? null : failed.join('; ');
}
