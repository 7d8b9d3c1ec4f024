import type { Db } from './db.ts';
import { stmt } from './statements.ts';
import { withTimerText } from './timer-text.ts';

/** Columns compared as text with `now` (checklistsDue, touchStaleMessages): see timer-text.ts. */
const CHECKLIST_TIMERS = ['verify_at', 'next_lookup_at'] as const;
const STEP_TIMERS = ['due_at'] as const;

export type ChecklistType = 'onboarding' | 'offboarding';
export type ChecklistState = 'open' | 'completed' | 'cancelled';
export type StepKind = 'task' | 'access-removal' | 'acknowledgments' | 'attestation';
export type StepState = 'waiting' | 'open' | 'done' | 'not_applicable';

export interface ChecklistRow {
  id: string;
  type: ChecklistType;
  email: string;
  name: string;
  department: string | null;
  hr_id: string | null;
  person_slack_id: string | null;
  manager_email: string | null;
  manager_slack_id: string | null;
  /** Start (onboarding) or termination time (offboarding), ISO instant. */
  event_at: string;
  /** YYYY-MM-DD in the organization's zone: the period its evidence is filed under. */
  effective_date: string;
  state: ChecklistState;
  started_at: string;
  started_by: string;
  /** JSON: account IDs the HR event gave per system ({"github": "lena-rao"}). */
  accounts: string;
  /** JSON: what the connectors listed when offboarding started (see Discovery). */
  discovery: string | null;
  discovered_at: string | null;
  /** When the next offboarding verification is due (the SLA deadline, or a retry). */
  verify_at: string | null;
  /** When to look the new hire up in Slack again, until they have joined. */
  next_lookup_at: string | null;
  channel: string | null;
  message_ts: string | null;
  message_dirty: number;
  message_synced_at: string | null;
  completed_at: string | null;
  artifact_id: string | null;
}

export interface StepRow {
  checklist_id: string;
  step_key: string;
  position: number;
  kind: StepKind;
  title: string;
  /** The configured owner: a role, manager, employee, a Slack ID, or `system-owner`. */
  owner: string;
  system: string | null;
  assignee: string | null;
  request_id: string | null;
  due_at: string;
  /** JSON array of control IDs. */
  controls: string;
  needs_note: number;
  needs_link: number;
  state: StepState;
  /** Why a waiting step has no request yet, in words for the checklist. */
  waiting_for: string | null;
  done_at: string | null;
  done_by: string | null;
  note: string | null;
  link: string | null;
  artifact_id: string | null;
  payload_sha256: string | null;
}

export interface VerificationRow {
  id: string;
  checklist_id: string;
  at: string;
  reason: string;
  clean: number;
  /** JSON array of SystemCheck. */
  results: string;
  artifact_id: string;
}

export interface HrPersonInput {
  email: string;
  name: string;
  managerEmail: string | null;
  department: string | null;
  status: 'hired' | 'active' | 'terminated';
  startDate: string | null;
  terminatedAt: string | null;
  hrId: string | null;
  slackId: string | null;
}

export interface HrPersonRow {
  email: string;
  name: string;
  manager_email: string | null;
  department: string | null;
  status: 'hired' | 'active' | 'terminated';
  start_date: string | null;
  terminated_at: string | null;
  updated_at: string;
  hr_id: string | null;
  slack_id: string | null;
}

/** What HR says about a person, kept up to date by every event; fields an event leaves out are kept. */
export function upsertHrPerson(db: Db, person: HrPersonInput, at: string): void {
  stmt(
    db,
    `INSERT INTO hr_people (email, name, manager_email, department, status, start_date, terminated_at, updated_at, hr_id, slack_id)
     VALUES (@email, @name, @managerEmail, @department, @status, @startDate, @terminatedAt, @at, @hrId, @slackId)
     ON CONFLICT (email) DO UPDATE SET name = @name, manager_email = COALESCE(@managerEmail, manager_email), department = COALESCE(@department, department),
       status = @status, start_date = COALESCE(@startDate, start_date), terminated_at = CASE WHEN @status = 'terminated' THEN COALESCE(@terminatedAt, terminated_at) ELSE NULL END,
       updated_at = @at, hr_id = COALESCE(@hrId, hr_id), slack_id = COALESCE(@slackId, slack_id)`,
  ).run({ ...person, email: person.email.toLowerCase(), at });
}

export function hrPerson(db: Db, email: string): HrPersonRow | undefined {
  return stmt(db, 'SELECT * FROM hr_people WHERE email = ?').get(email.toLowerCase()) as HrPersonRow | undefined;
}

export function hrPersonByHrId(db: Db, hrId: string): HrPersonRow | undefined {
  return stmt(db, 'SELECT * FROM hr_people WHERE hr_id = ? ORDER BY updated_at DESC LIMIT 1').get(hrId) as HrPersonRow | undefined;
}

/** Records an HR event by its sender's ID; false when it was already received (a redelivery). */
export function recordHrEvent(db: Db, event: { source: string; eventId: string; type: string; email: string | null; outcome: string; checklistId: string | null }, at: string): boolean {
  const result = stmt(db, 'INSERT OR IGNORE INTO hr_events (source, event_id, received_at, type, email, outcome, checklist_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    event.source,
    event.eventId,
    at,
    event.type,
    event.email,
    event.outcome,
    event.checklistId,
  );
  return result.changes === 1;
}

export function hrEvent(db: Db, source: string, eventId: string): { outcome: string; checklist_id: string | null; received_at: string } | undefined {
  return stmt(db, 'SELECT outcome, checklist_id, received_at FROM hr_events WHERE source = ? AND event_id = ?').get(source, eventId) as { outcome: string; checklist_id: string | null; received_at: string } | undefined;
}

export function insertChecklist(db: Db, row: ChecklistRow): void {
  stmt(
    db,
    `INSERT INTO checklists (id, type, email, name, department, hr_id, person_slack_id, manager_email, manager_slack_id, event_at, effective_date, state, started_at, started_by,
       accounts, discovery, discovered_at, verify_at, next_lookup_at, channel, message_ts, message_dirty, message_synced_at, completed_at, artifact_id)
     VALUES (@id, @type, @email, @name, @department, @hr_id, @person_slack_id, @manager_email, @manager_slack_id, @event_at, @effective_date, @state, @started_at, @started_by,
       @accounts, @discovery, @discovered_at, @verify_at, @next_lookup_at, @channel, @message_ts, @message_dirty, @message_synced_at, @completed_at, @artifact_id)`,
  ).run(withTimerText(row, CHECKLIST_TIMERS));
}

export function getChecklist(db: Db, id: string): ChecklistRow | undefined {
  return stmt(db, 'SELECT * FROM checklists WHERE id = ?').get(id) as ChecklistRow | undefined;
}

export function openChecklist(db: Db, type: ChecklistType, email: string): ChecklistRow | undefined {
  return stmt(db, "SELECT * FROM checklists WHERE type = ? AND lower(email) = ? AND state = 'open'").get(type, email.toLowerCase()) as ChecklistRow | undefined;
}

export function updateChecklist(db: Db, id: string, fields: Partial<Omit<ChecklistRow, 'id'>>): void {
  const keys = Object.keys(fields);
  if (keys.length === 0) return;
  stmt(db, `UPDATE checklists SET ${keys.map((key) => `${key} = @${key}`).join(', ')} WHERE id = @id`).run({ ...withTimerText(fields, CHECKLIST_TIMERS), id });
}

/** Marks the checklist's Slack message out of date; a counter, so a sync that raced a change is not taken as current. */
export function touchChecklist(db: Db, id: string): void {
  stmt(db, 'UPDATE checklists SET message_dirty = message_dirty + 1 WHERE id = ?').run(id);
}

/** Clears the out-of-date mark if nothing changed since `seen` was read. */
export function messageSynced(db: Db, id: string, seen: number, fields: { at: string; message_ts?: string }): void {
  stmt(db, 'UPDATE checklists SET message_dirty = CASE WHEN message_dirty = @seen THEN 0 ELSE message_dirty END, message_ts = COALESCE(@ts, message_ts), message_synced_at = @at WHERE id = @id').run({
    id,
    seen,
    ts: fields.message_ts ?? null,
    at: fields.at,
  });
}

/** Open checklists whose message no longer tells the truth because time passed: a step fell due or was escalated since it was posted. */
export function touchStaleMessages(db: Db, now: string): number {
  return stmt(
    db,
    `UPDATE checklists SET message_dirty = message_dirty + 1
     WHERE state = 'open' AND message_dirty = 0 AND EXISTS (
       SELECT 1 FROM checklist_steps s LEFT JOIN requests r ON r.id = s.request_id
       WHERE s.checklist_id = checklists.id AND s.state = 'open' AND (
         (s.due_at <= @now AND s.due_at > COALESCE(checklists.message_synced_at, ''))
         OR r.manager_escalated_at > COALESCE(checklists.message_synced_at, '')
         OR r.channel_escalated_at > COALESCE(checklists.message_synced_at, '')))`,
  ).run({ now }).changes;
}

export function openChecklists(db: Db, type?: ChecklistType): ChecklistRow[] {
  return stmt(db, "SELECT * FROM checklists WHERE state = 'open' AND (@type IS NULL OR type = @type) ORDER BY started_at").all({ type: type ?? null }) as ChecklistRow[];
}

export function checklistsDue(db: Db, column: 'verify_at' | 'next_lookup_at', now: string): ChecklistRow[] {
  // "+…" is a year past 9999 written before timers were clamped: never due, though it sorts first as text.
  return stmt(db, `SELECT * FROM checklists WHERE state = 'open' AND ${column} IS NOT NULL AND ${column} <= ? AND ${column} NOT LIKE '+%' ORDER BY ${column}`).all(now) as ChecklistRow[];
}

export function checklistsToDiscover(db: Db): ChecklistRow[] {
  return stmt(db, "SELECT * FROM checklists WHERE state = 'open' AND type = 'offboarding' AND discovered_at IS NULL ORDER BY started_at").all() as ChecklistRow[];
}

export function dirtyChecklists(db: Db): ChecklistRow[] {
  return stmt(db, 'SELECT * FROM checklists WHERE message_dirty > 0 ORDER BY started_at').all() as ChecklistRow[];
}

export function insertStep(db: Db, row: StepRow): void {
  stmt(
    db,
    `INSERT INTO checklist_steps (checklist_id, step_key, position, kind, title, owner, system, assignee, request_id, due_at, controls, needs_note, needs_link, state, waiting_for,
       done_at, done_by, note, link, artifact_id, payload_sha256)
     VALUES (@checklist_id, @step_key, @position, @kind, @title, @owner, @system, @assignee, @request_id, @due_at, @controls, @needs_note, @needs_link, @state, @waiting_for,
       @done_at, @done_by, @note, @link, @artifact_id, @payload_sha256)`,
  ).run(withTimerText(row, STEP_TIMERS));
}

/** Inserts a step not started yet: nothing done, noted or filed; `needs` says what its form asks for. */
export function insertWaitingStep(db: Db, step: Omit<StepRow, 'state' | 'done_at' | 'done_by' | 'note' | 'link' | 'artifact_id' | 'payload_sha256' | 'needs_note' | 'needs_link' | 'waiting_for'> & { needs: readonly string[]; waiting_for?: string | null }): void {
  const { needs, waiting_for: waitingFor, ...fields } = step;
  insertStep(db, { ...fields, needs_note: needs.includes('note') ? 1 : 0, needs_link: needs.includes('link') ? 1 : 0, state: 'waiting', waiting_for: waitingFor ?? null, done_at: null, done_by: null, note: null, link: null, artifact_id: null, payload_sha256: null });
}

export function stepsOf(db: Db, checklistId: string): StepRow[] {
  return stmt(db, 'SELECT * FROM checklist_steps WHERE checklist_id = ? ORDER BY position, step_key').all(checklistId) as StepRow[];
}

export function getStep(db: Db, checklistId: string, stepKey: string): StepRow | undefined {
  return stmt(db, 'SELECT * FROM checklist_steps WHERE checklist_id = ? AND step_key = ?').get(checklistId, stepKey) as StepRow | undefined;
}

export function stepByRequest(db: Db, requestId: string): StepRow | undefined {
  return stmt(db, 'SELECT * FROM checklist_steps WHERE request_id = ?').get(requestId) as StepRow | undefined;
}

export function updateStep(db: Db, checklistId: string, stepKey: string, fields: Partial<Omit<StepRow, 'checklist_id' | 'step_key'>>): void {
  const keys = Object.keys(fields);
  if (keys.length === 0) return;
  stmt(db, `UPDATE checklist_steps SET ${keys.map((key) => `${key} = @${key}`).join(', ')} WHERE checklist_id = @checklist_id AND step_key = @step_key`).run({
    ...withTimerText(fields, STEP_TIMERS),
    checklist_id: checklistId,
    step_key: stepKey,
  });
}

/** Open acknowledgment steps whose linked request is no longer open: answered (done) or superseded (relink). */
export function acknowledgmentStepsToSync(db: Db): (StepRow & { request_state: string })[] {
  return stmt(
    db,
    `SELECT s.*, r.state AS request_state FROM checklist_steps s JOIN requests r ON r.id = s.request_id
     WHERE s.kind = 'acknowledgments' AND s.state = 'open' AND r.state IN ('answered', 'cancelled')`,
  ).all() as (StepRow & { request_state: string })[];
}

export function insertVerification(db: Db, row: VerificationRow): void {
  stmt(db, 'INSERT INTO offboarding_verifications (id, checklist_id, at, reason, clean, results, artifact_id) VALUES (@id, @checklist_id, @at, @reason, @clean, @results, @artifact_id)').run(row);
}

export function verificationsOf(db: Db, checklistId: string): VerificationRow[] {
  return stmt(db, 'SELECT * FROM offboarding_verifications WHERE checklist_id = ? ORDER BY at, rowid').all(checklistId) as VerificationRow[];
}

export interface LifecycleEventRow {
  checklistId: string;
  type: ChecklistType;
  email: string;
  name: string;
  /** Start (onboarding) or termination time (offboarding), ISO instant. */
  eventAt: string;
  effectiveDate: string;
  state: ChecklistState;
  completedAt: string | null;
  /** The completed checklist's PDF artifact; null until it is filed. */
  artifactId: string | null;
}

/**
 * Every hire and termination whose start or termination time falls in [from, to) (ISO instants
 * or dates), with whether its checklist was completed and filed: what gap detection samples.
 */
export function lifecycleEventsBetween(db: Db, from: string, to: string): LifecycleEventRow[] {
  return stmt(
    db,
    `SELECT id AS checklistId, type, email, name, event_at AS eventAt, effective_date AS effectiveDate, state, completed_at AS completedAt, artifact_id AS artifactId
     FROM checklists WHERE event_at >= ? AND event_at < ? ORDER BY event_at, id`,
  ).all(from, to) as LifecycleEventRow[];
}
