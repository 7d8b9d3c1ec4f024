import type { DateRange } from '../../evidence/period.ts';
import type { Signer } from '../../evidence/pdf/model.ts';
import type { Db } from '../../store/db.ts';
import { stmt } from '../../store/statements.ts';
import type { EvidenceRef } from './types.ts';

export interface KindEvidence extends EvidenceRef {
  subject: string;
  effectiveFrom: string;
  effectiveTo: string;
  signerSlackId: string | null;
}

interface Row {
  id: string;
  kind: string;
  subject: string;
  period: string;
  effective_from: string;
  effective_to: string;
  captured_at: string;
  signer: string | null;
  key: string;
}

/** Artifacts of one kind whose effective period overlaps the range, oldest capture first (index on kind and dates). */
export function evidenceOfKind(db: Db, kind: string, range: DateRange): KindEvidence[] {
  const rows = stmt(
    db,
    `SELECT id, kind, subject, period, effective_from, effective_to, captured_at, signer, key FROM artifacts
     WHERE kind = ? AND effective_from <= ? AND effective_to >= ? ORDER BY captured_at, seq`,
  ).all(kind, range.to, range.from) as Row[];
  return rows.map(toKindEvidence);
}

function toKindEvidence(row: Row): KindEvidence {
  const signer = row.signer ? (JSON.parse(row.signer) as Signer) : null;
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    period: row.period,
    effectiveFrom: row.effective_from,
    effectiveTo: row.effective_to,
    capturedAt: row.captured_at,
    signer: signer?.name ?? null,
    signerSlackId: signer?.slackId ?? null,
    key: row.key,
  };
}

export function toRef(evidence: KindEvidence): EvidenceRef {
  return { id: evidence.id, kind: evidence.kind, period: evidence.period, capturedAt: evidence.capturedAt, signer: evidence.signer, key: evidence.key };
}

/** Artifacts filed for these requests, by request ID: how an incident finds its signed resolution and postmortem. */
export function evidenceOfRequests(db: Db, requestIds: string[]): Map<string, KindEvidence[]> {
  const found = new Map<string, KindEvidence[]>();
  // SQLite allows at most 32,766 parameters; chunks keep each statement small and reusable.
  const CHUNK = 500;
  for (let from = 0; from < requestIds.length; from += CHUNK) {
    const ids = requestIds.slice(from, from + CHUNK);
    const rows = stmt(db, `SELECT id, kind, subject, period, effective_from, effective_to, captured_at, signer, key, request_id FROM artifacts WHERE request_id IN (${ids.map(() => '?').join(',')}) ORDER BY captured_at, seq`).all(...ids) as (Row & { request_id: string })[];
    for (const row of rows) {
      const list = found.get(row.request_id) ?? [];
      list.push(toKindEvidence(row));
      found.set(row.request_id, list);
    }
  }
  return found;
}
