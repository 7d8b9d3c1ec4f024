import type { Db } from './db.ts';
import { stmt } from './statements.ts';
import { timerText, withTimerText } from './timer-text.ts';

/** The columns compared as text with `now` (claimDue, status's overdue count): see timer-text.ts. */
const REQUEST_TIMERS = ['next_action_at', 'due_at'] as const;

export type RequestState = 'open' | 'answered' | 'escalated' | 'cancelled';
export type RequestEventKind = 'created' | 'asked' | 'reminded' | 'escalated' | 'answered' | 'failed' | 'cancelled' | 'reassigned' | 'closed';

export interface RequestRow {
  id: string;
  kind: string;
  subject: string;
  title: string;
  /** JSON array of the controls this request gathers evidence for. */
  controls: string;
  assignee: string;
  state: RequestState;
  dedupe_key: string | null;
  payload: string;
  response: string | null;
  created_at: string;
  due_at: string | null;
  next_action_at: string | null;
  attempts: number;
  asked_at: string | null;
  last_reminded_at: string | null;
  reminders: number;
  manager_escalated_at: string | null;
  channel_escalated_at: string | null;
  escalated_to: string | null;
  answered_at: string | null;
  answered_by: string | null;
  dm_channel: string | null;
  dm_ts: string | null;
  artifact_id: string | null;
}

export interface RequestEvent {
  id: number;
  request_id: string;
  at: string;
  what: RequestEventKind;
  detail: string | null;
}

export interface NewRequest {
  id: string;
  kind: string;
  subject: string;
  title: string;
  controls: string[];
  assignee: string;
  dedupeKey: string;
  payload: unknown;
  /** When the request counts as overdue in status; the engine's escalation time by default. */
  dueAt: string;
  /** When to send the first message; now by default. */
  askAt?: string;
}

/** Inserts a request due for its first message now; a duplicate dedupe key inserts nothing and answers false. */
export function insertRequest(db: Db, request: NewRequest, at: Date): boolean {
  const now = at.toISOString();
  const inserted = stmt(
    db,
    `INSERT OR IGNORE INTO requests (id, kind, subject, title, controls, assignee, state, dedupe_key, payload, created_at, due_at, next_action_at)
     VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
  ).run(
    request.id,
    request.kind,
    request.subject,
    request.title,
    JSON.stringify(request.controls),
    request.assignee,
    request.dedupeKey,
    JSON.stringify(request.payload),
    now,
    timerText('due_at', request.dueAt),
    timerText('next_action_at', request.askAt ?? now),
  );
  if (inserted.changes === 0) return false;
  addEvent(db, request.id, 'created', now, null);
  return true;
}

export function addEvent(db: Db, requestId: string, what: RequestEventKind, at: string, detail: string | null): void {
  stmt(db, 'INSERT INTO request_events (request_id, at, what, detail) VALUES (?, ?, ?, ?)').run(requestId, at, what, detail);
}

export function getRequest(db: Db, id: string): RequestRow | undefined {
  return stmt(db, 'SELECT * FROM requests WHERE id = ?').get(id) as RequestRow | undefined;
}

export function requestEvents(db: Db, id: string): RequestEvent[] {
  return stmt(db, 'SELECT * FROM request_events WHERE request_id = ? ORDER BY id').all(id) as RequestEvent[];
}

/**
 * Claims up to `limit` due requests by moving their timer a lease into the future, in one
 * transaction: a second sweeper (or a restarted one) skips them, and if this process dies
 * mid-step the lease runs out and the step is tried again. Requests in `skip` (those this sweep
 * already took a step for) are left for the next sweep.
 */
export function claimDue(db: Db, now: Date, leaseMs: number, limit: number, skip: ReadonlySet<string> = new Set()): RequestRow[] {
  return db.transaction(() => {
    // A timer starting with "+" is a year past 9999, written before timers were clamped: never due,
    // though as text it sorts before every four-digit year.
    const rows = stmt(
      db,
      `SELECT * FROM requests WHERE next_action_at <= ? AND next_action_at NOT LIKE '+%' AND state IN ('open', 'escalated')
         AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_action_at LIMIT ?`,
    ).all(now.toISOString(), JSON.stringify([...skip]), limit) as RequestRow[];
    const lease = timerText('next_action_at', new Date(now.getTime() + leaseMs).toISOString());
    const claim = stmt(db, 'UPDATE requests SET next_action_at = ? WHERE id = ?');
    for (const row of rows) claim.run(lease, row.id);
    return rows;
  })();
}

export function openRequestsFor(db: Db, assignee: string): RequestRow[] {
  return stmt(db, "SELECT * FROM requests WHERE assignee = ? AND state IN ('open', 'escalated') ORDER BY created_at").all(assignee) as RequestRow[];
}

export function updateRequest(db: Db, id: string, fields: Partial<Omit<RequestRow, 'id'>>): void {
  const keys = Object.keys(fields) as (keyof typeof fields)[];
  if (keys.length === 0) return;
  const sql = `UPDATE requests SET ${keys.map((key) => `${key} = @${key}`).join(', ')} WHERE id = @id`;
  stmt(db, sql).run({ ...withTimerText(fields, REQUEST_TIMERS), id });
}

/**
 * Gives an unanswered request to someone else: they are asked afresh (with their own reminders
 * and escalation), no earlier than `askAt`.
 */
export function reassignRequest(db: Db, id: string, assignee: string, at: Date, askAt: Date, detail: string): void {
  const next = askAt.getTime() > at.getTime() ? askAt : at;
  stmt(
    db,
    `UPDATE requests SET assignee = ?, state = 'open', asked_at = NULL, last_reminded_at = NULL, reminders = 0, manager_escalated_at = NULL,
       channel_escalated_at = NULL, escalated_to = NULL, attempts = 0, dm_channel = NULL, dm_ts = NULL, next_action_at = ? WHERE id = ?`,
  ).run(assignee, timerText('next_action_at', next.toISOString()), id);
  addEvent(db, id, 'reassigned', at.toISOString(), detail);
}
