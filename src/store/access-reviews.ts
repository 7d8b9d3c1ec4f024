import type { Account } from '../connectors/types.ts';
import type { Db } from './db.ts';
import { stmt } from './statements.ts';

export interface SnapshotRow {
  id: string;
  system: string;
  purpose: 'review' | 'verification';
  source: string;
  taken_at: string;
  accounts: string;
  account_count: number;
  sha256: string;
  artifact_id: string;
}

export interface ReviewRow {
  id: string;
  system: string;
  period: string;
  snapshot_id: string;
  previous_snapshot_id: string | null;
  state: 'open' | 'completed' | 'cancelled';
  started_at: string;
  started_by: string;
  completed_at: string | null;
  artifact_id: string | null;
}

export interface RevocationRow {
  request_id: string;
  review_id: string;
  system: string;
  account_id: string;
  account_label: string;
  state: 'open' | 'done' | 'verified';
  requested_at: string;
  done_at: string | null;
  done_by: string | null;
  verified_at: string | null;
  verified_snapshot_id: string | null;
}

export function insertSnapshot(db: Db, row: SnapshotRow): void {
  stmt(
    db,
    `INSERT INTO snapshots (id, system, purpose, source, taken_at, accounts, account_count, sha256, artifact_id)
     VALUES (@id, @system, @purpose, @source, @taken_at, @accounts, @account_count, @sha256, @artifact_id)`,
  ).run(row);
}

export function getSnapshot(db: Db, id: string): SnapshotRow | undefined {
  return stmt(db, 'SELECT * FROM snapshots WHERE id = ?').get(id) as SnapshotRow | undefined;
}

/** The latest snapshot a review was based on: the baseline the next review is compared with. */
export function latestReviewSnapshot(db: Db, system: string): SnapshotRow | undefined {
  return stmt(
    db,
    `SELECT s.* FROM snapshots s JOIN access_reviews r ON r.snapshot_id = s.id
     WHERE s.system = ? AND r.state != 'cancelled' ORDER BY s.taken_at DESC LIMIT 1`,
  ).get(system) as SnapshotRow | undefined;
}

export function snapshotAccounts(row: SnapshotRow): Account[] {
  return JSON.parse(row.accounts) as Account[];
}

export function insertReview(db: Db, row: ReviewRow): void {
  stmt(
    db,
    `INSERT INTO access_reviews (id, system, period, snapshot_id, previous_snapshot_id, state, started_at, started_by, completed_at, artifact_id)
     VALUES (@id, @system, @period, @snapshot_id, @previous_snapshot_id, @state, @started_at, @started_by, @completed_at, @artifact_id)`,
  ).run(row);
}

export function getReview(db: Db, id: string): ReviewRow | undefined {
  return stmt(db, 'SELECT * FROM access_reviews WHERE id = ?').get(id) as ReviewRow | undefined;
}

export function activeReview(db: Db, system: string, period: string): ReviewRow | undefined {
  return stmt(db, "SELECT * FROM access_reviews WHERE system = ? AND period = ? AND state != 'cancelled'").get(system, period) as ReviewRow | undefined;
}

export function completeReview(db: Db, id: string, at: string, artifactId: string): void {
  stmt(db, "UPDATE access_reviews SET state = 'completed', completed_at = ?, artifact_id = ? WHERE id = ?").run(at, artifactId, id);
}

export function saveDecision(db: Db, requestId: string, accountId: string, decision: 'keep' | 'revoke', at: string): void {
  stmt(
    db,
    `INSERT INTO review_decisions (request_id, account_id, decision, decided_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (request_id, account_id) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at`,
  ).run(requestId, accountId, decision, at);
}

/** Saved decisions of one review part; accounts not in the map are still "keep". */
export function decisionsOf(db: Db, requestId: string): Map<string, 'keep' | 'revoke'> {
  const rows = stmt(db, 'SELECT account_id, decision FROM review_decisions WHERE request_id = ?').all(requestId) as { account_id: string; decision: 'keep' | 'revoke' }[];
  return new Map(rows.map((row) => [row.account_id, row.decision]));
}

export function saveDraftComment(db: Db, requestId: string, comment: string, at: string): void {
  stmt(db, 'INSERT INTO review_drafts (request_id, comment, saved_at) VALUES (?, ?, ?) ON CONFLICT (request_id) DO UPDATE SET comment = excluded.comment, saved_at = excluded.saved_at').run(
    requestId,
    comment,
    at,
  );
}

export function draftComment(db: Db, requestId: string): string {
  return (stmt(db, 'SELECT comment FROM review_drafts WHERE request_id = ?').pluck().get(requestId) as string | undefined) ?? '';
}

export function insertRevocation(db: Db, row: RevocationRow): void {
  stmt(
    db,
    `INSERT INTO revocations (request_id, review_id, system, account_id, account_label, state, requested_at, done_at, done_by, verified_at, verified_snapshot_id)
     VALUES (@request_id, @review_id, @system, @account_id, @account_label, @state, @requested_at, @done_at, @done_by, @verified_at, @verified_snapshot_id)`,
  ).run(row);
}

export function getRevocation(db: Db, requestId: string): RevocationRow | undefined {
  return stmt(db, 'SELECT * FROM revocations WHERE request_id = ?').get(requestId) as RevocationRow | undefined;
}

export function unverifiedRevocations(db: Db, system?: string): RevocationRow[] {
  return stmt(db, "SELECT * FROM revocations WHERE state != 'verified' AND (@system IS NULL OR system = @system) ORDER BY requested_at").all({ system: system ?? null }) as RevocationRow[];
}

export function updateRevocation(db: Db, requestId: string, fields: Partial<Omit<RevocationRow, 'request_id'>>): void {
  const keys = Object.keys(fields);
  if (keys.length === 0) return;
  stmt(db, `UPDATE revocations SET ${keys.map((key) => `${key} = @${key}`).join(', ')} WHERE request_id = @request_id`).run({ ...fields, request_id: requestId });
}

export function recordConnectorRun(db: Db, system: string, at: string, result: { ok: true; accounts: number } | { ok: false; error: string }): void {
  stmt(db, 'INSERT INTO connector_runs (system, at, ok, accounts, error) VALUES (?, ?, ?, ?, ?)').run(system, at, result.ok ? 1 : 0, result.ok ? result.accounts : null, result.ok ? null : result.error.slice(0, 500));
}

/** Systems whose latest connector run failed, with the error: shown in status until a run succeeds. */
export function failingConnectors(db: Db): { system: string; at: string; error: string }[] {
  return stmt(
    db,
    `SELECT c.system, c.at, c.error FROM connector_runs c
     WHERE c.id = (SELECT MAX(id) FROM connector_runs WHERE system = c.system) AND c.ok = 0 ORDER BY c.system`,
  ).all() as { system: string; at: string; error: string }[];
}

export function terminatedEmails(db: Db): Map<string, string> {
  const rows = stmt(db, "SELECT email, COALESCE(terminated_at, updated_at) AS at FROM hr_people WHERE status = 'terminated'").all() as { email: string; at: string }[];
  return new Map(rows.map((row) => [row.email.toLowerCase(), row.at]));
}

export function hrManagerEmail(db: Db, email: string): string | null {
  return (stmt(db, 'SELECT manager_email FROM hr_people WHERE email = ?').pluck().get(email.toLowerCase()) as string | null | undefined) ?? null;
}
