import { rowToEntry, type LedgerEntry } from '../../evidence/ledger.ts';
import type { Db } from '../../store/db.ts';
import { stmt } from '../../store/statements.ts';

export interface CheckpointRow {
  id: number;
  created_at: string;
  head_seq: number;
  head_hash: string;
  key: string;
  sha256: string;
}

export interface LedgerSegment {
  /** Every row from the first packaged artifact to the row the anchoring checkpoint names (or the head). */
  rows: LedgerEntry[];
  /** The first checkpoint at or after the last packaged row: it vouches for the whole segment. Null if none is written yet. */
  anchor: CheckpointRow | null;
  /** Every checkpoint whose head falls inside the segment, oldest first. */
  checkpoints: CheckpointRow[];
}

/**
 * The part of the hash chain that covers the packaged artifacts. Artifacts of a period are not
 * contiguous in the ledger, and a link of the chain can only be checked with the row before it,
 * so the segment runs unbroken from the first packaged row to a checkpoint anchored in the
 * evidence store after the last one.
 */
export function ledgerSegment(db: Db, seqs: number[]): LedgerSegment {
  if (seqs.length === 0) return { rows: [], anchor: null, checkpoints: [] };
  const first = seqs.reduce((min, seq) => Math.min(min, seq));
  const last = seqs.reduce((max, seq) => Math.max(max, seq));
  const anchor = (stmt(db, 'SELECT * FROM checkpoints WHERE head_seq >= ? ORDER BY head_seq, id LIMIT 1').get(last) as CheckpointRow | undefined) ?? null;
  const end = anchor?.head_seq ?? ((stmt(db, 'SELECT MAX(seq) FROM artifacts').pluck().get() as number | null) ?? last);
  const rows = (db.prepare('SELECT * FROM artifacts WHERE seq BETWEEN ? AND ? ORDER BY seq').all(first, end) as Parameters<typeof rowToEntry>[0][]).map(rowToEntry);
  const checkpoints = stmt(db, 'SELECT * FROM checkpoints WHERE head_seq BETWEEN ? AND ? ORDER BY head_seq, id').all(first, end) as CheckpointRow[];
  return { rows, anchor, checkpoints };
}
