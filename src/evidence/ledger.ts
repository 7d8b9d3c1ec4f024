import type { Db } from '../store/db.ts';
import { canonicalJson } from './canonical-json.ts';
import { GENESIS_HASH, sha256Hex } from './hash.ts';
import type { Signer } from './pdf/model.ts';
import { stmt } from '../store/statements.ts';

/**
 * The fields of an artifact that the hash chain covers. Everything here is fixed when the row
 * is written; nothing mutable (upload state, attempts) belongs in it.
 */
export interface LedgerRecord {
  seq: number;
  id: string;
  source_key: string;
  kind: string;
  controls: string[];
  period: string;
  effective_from: string;
  effective_to: string;
  subject: string;
  title: string;
  request_id: string | null;
  signer: Signer | null;
  captured_at: string;
  payload_sha256: string;
  key: string;
  sha256: string;
  bytes: number;
  sidecar_key: string | null;
  sidecar_sha256: string | null;
  sidecar_bytes: number | null;
  retain_until: string;
  created_at: string;
}

export interface LedgerEntry extends LedgerRecord {
  prev_hash: string;
  entry_hash: string;
}

/** entry_hash = SHA-256( prev_hash (hex) ‖ canonical JSON of the record ), as VERIFY.md spells out. */
export function entryHash(prevHash: string, record: LedgerRecord): string {
  return sha256Hex(prevHash + canonicalJson(record));
}

interface ArtifactRow extends Omit<LedgerEntry, 'controls' | 'signer'> {
  controls: string;
  signer: string | null;
}

export function rowToEntry(row: ArtifactRow): LedgerEntry {
  return { ...row, controls: JSON.parse(row.controls) as string[], signer: row.signer ? (JSON.parse(row.signer) as Signer) : null };
}

export function recordOf(entry: LedgerEntry): LedgerRecord {
  const { prev_hash: _prev, entry_hash: _hash, ...record } = entry;
  return record;
}

export function ledgerHead(db: Db): { seq: number; entryHash: string } {
  const row = stmt(db, 'SELECT seq, entry_hash FROM artifacts ORDER BY seq DESC LIMIT 1').get() as { seq: number; entry_hash: string } | undefined;
  return row ? { seq: row.seq, entryHash: row.entry_hash } : { seq: 0, entryHash: GENESIS_HASH };
}

/** Appends one chained row; call inside the transaction that also writes the outbox rows. */
export function appendEntry(db: Db, record: Omit<LedgerRecord, 'seq'>): LedgerEntry {
  const head = ledgerHead(db);
  const full: LedgerRecord = { ...record, seq: head.seq + 1 };
  const entry: LedgerEntry = { ...full, prev_hash: head.entryHash, entry_hash: entryHash(head.entryHash, full) };
  stmt(db, 
    `INSERT INTO artifacts (seq, id, source_key, kind, controls, period, effective_from, effective_to, subject, title, request_id, signer,
       captured_at, payload_sha256, key, sha256, bytes, sidecar_key, sidecar_sha256, sidecar_bytes, retain_until, created_at, prev_hash, entry_hash)
     VALUES (@seq, @id, @source_key, @kind, @controls, @period, @effective_from, @effective_to, @subject, @title, @request_id, @signer,
       @captured_at, @payload_sha256, @key, @sha256, @bytes, @sidecar_key, @sidecar_sha256, @sidecar_bytes, @retain_until, @created_at, @prev_hash, @entry_hash)`,
  ).run({ ...entry, controls: JSON.stringify(entry.controls), signer: entry.signer ? JSON.stringify(entry.signer) : null });
  const index = stmt(db, 'INSERT INTO artifact_controls (artifact_seq, control, effective_from, effective_to, captured_at) VALUES (?, ?, ?, ?, ?)');
  for (const control of entry.controls) index.run(entry.seq, control, entry.effective_from, entry.effective_to, entry.captured_at);
  return entry;
}

export function* readLedger(db: Db): Generator<LedgerEntry> {
  // A fresh statement: a cached one cannot be iterated twice at once.
  for (const row of db.prepare('SELECT * FROM artifacts ORDER BY seq').iterate() as IterableIterator<ArtifactRow>) yield rowToEntry(row);
}

export function findBySourceKey(db: Db, sourceKey: string): LedgerEntry | undefined {
  const row = stmt(db, 'SELECT * FROM artifacts WHERE source_key = ?').get(sourceKey) as ArtifactRow | undefined;
  return row ? rowToEntry(row) : undefined;
}

export function entryAt(db: Db, seq: number): LedgerEntry | undefined {
  const row = stmt(db, 'SELECT * FROM artifacts WHERE seq = ?').get(seq) as ArtifactRow | undefined;
  return row ? rowToEntry(row) : undefined;
}
