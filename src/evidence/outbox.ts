import type { Db } from '../store/db.ts';
import type { SinkObject } from './sinks/types.ts';
import { stmt } from '../store/statements.ts';

export interface OutboxRow {
  id: number;
  key: string;
  artifact_seq: number | null;
  body: Buffer | null;
  sha256: string;
  bytes: number;
  content_type: string;
  metadata: string;
  tags: string;
  retain_until: string;
  attempts: number;
  next_try_at: string;
  last_error: string | null;
  uploaded_at: string | null;
}

/** Queues an object for the sink; call inside the transaction that records what it belongs to. */
export function addToOutbox(db: Db, object: SinkObject, artifactSeq: number | null, at: Date): void {
  stmt(db, 
    `INSERT INTO outbox (key, artifact_seq, body, sha256, bytes, content_type, metadata, tags, retain_until, next_try_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    object.key,
    artifactSeq,
    object.body,
    object.sha256,
    object.body.length,
    object.contentType,
    JSON.stringify(object.metadata),
    JSON.stringify(object.tags),
    object.retainUntil.toISOString(),
    at.toISOString(),
    at.toISOString(),
  );
}

/** Objects due for an upload now, oldest first; with `upTo`, only those queued by then (row IDs only grow: outbox rows are never deleted). */
export function dueObjects(db: Db, now: Date, limit: number, upTo = Number.MAX_SAFE_INTEGER): OutboxRow[] {
  return stmt(db, 'SELECT * FROM outbox WHERE uploaded_at IS NULL AND next_try_at <= ? AND id <= ? ORDER BY id LIMIT ?').all(now.toISOString(), upTo, limit) as OutboxRow[];
}

export function lastOutboxId(db: Db): number {
  return (stmt(db, 'SELECT MAX(id) FROM outbox').pluck().get() as number | null) ?? 0;
}

export function toSinkObject(row: OutboxRow): SinkObject {
  if (!row.body) throw new Error(`outbox row ${row.id} (${row.key}) has no body`);
  return {
    key: row.key,
    body: row.body,
    sha256: row.sha256,
    contentType: row.content_type,
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    tags: JSON.parse(row.tags) as Record<string, string>,
    retainUntil: new Date(row.retain_until),
  };
}

/** Once the sink has the bytes, the database no longer needs them. */
export function markUploaded(db: Db, id: number, at: Date): void {
  stmt(db, 'UPDATE outbox SET uploaded_at = ?, body = NULL, last_error = NULL WHERE id = ?').run(at.toISOString(), id);
}

export function markFailed(db: Db, id: number, error: string, nextTryAt: Date): void {
  stmt(db, 'UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_try_at = ? WHERE id = ?').run(error.slice(0, 500), nextTryAt.toISOString(), id);
}

export interface OutboxBacklog {
  pending: number;
  oldest: string | null;
  failing: number;
  lastError: string | null;
}

export function outboxBacklog(db: Db): OutboxBacklog {
  const row = stmt(
      db,
      `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest, SUM(attempts > 0) AS failing,
         (SELECT last_error FROM outbox WHERE uploaded_at IS NULL AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1) AS lastError
       FROM outbox WHERE uploaded_at IS NULL`,
    )
    .get() as { pending: number; oldest: string | null; failing: number | null; lastError: string | null };
  return { pending: row.pending, oldest: row.oldest, failing: row.failing ?? 0, lastError: row.lastError };
}

export function pendingBody(db: Db, key: string): { body: Buffer | null; sha256: string } | undefined {
  return stmt(db, 'SELECT body, sha256 FROM outbox WHERE key = ? AND uploaded_at IS NULL').get(key) as { body: Buffer | null; sha256: string } | undefined;
}
