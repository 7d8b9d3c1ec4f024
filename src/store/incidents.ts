import type { Db } from './db.ts';
import { stmt } from './statements.ts';

export type IncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface IncidentRow {
  id: string;
  source: string;
  external_id: string;
  number: string;
  title: string;
  severity: string | null;
  service: string | null;
  url: string | null;
  status: IncidentStatus;
  created_at: string | null;
  triggered_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  assignees: string;
  oncall: string | null;
  oncall_source: string | null;
  reported_by: string | null;
  captured_at: string;
  channel: string | null;
  channel_ts: string | null;
  sync_needed: number;
  resolution_request_id: string | null;
  postmortem_request_id: string | null;
}

export interface IncidentEventRow {
  id: number;
  incident_id: string;
  at: string;
  what: string;
  detail: string | null;
}

export function getIncident(db: Db, id: string): IncidentRow | undefined {
  return stmt(db, 'SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined;
}

export function incidentByExternalId(db: Db, source: string, externalId: string): IncidentRow | undefined {
  return stmt(db, 'SELECT * FROM incidents WHERE source = ? AND external_id = ?').get(source, externalId) as IncidentRow | undefined;
}

export function insertIncident(db: Db, row: Omit<IncidentRow, 'sync_needed'>): void {
  stmt(
    db,
    `INSERT INTO incidents (id, source, external_id, number, title, severity, service, url, status, created_at, triggered_at, acknowledged_at, resolved_at, assignees, oncall, oncall_source, reported_by, captured_at, channel, channel_ts, resolution_request_id, postmortem_request_id)
     VALUES (@id, @source, @external_id, @number, @title, @severity, @service, @url, @status, @created_at, @triggered_at, @acknowledged_at, @resolved_at, @assignees, @oncall, @oncall_source, @reported_by, @captured_at, @channel, @channel_ts, @resolution_request_id, @postmortem_request_id)`,
  ).run(row);
}

export function updateIncident(db: Db, id: string, fields: Partial<Omit<IncidentRow, 'id'>>): void {
  const keys = Object.keys(fields);
  if (keys.length === 0) return;
  stmt(db, `UPDATE incidents SET ${keys.map((key) => `${key} = @${key}`).join(', ')} WHERE id = @id`).run({ ...fields, id });
}

export function addIncidentEvent(db: Db, incidentId: string, at: string, what: string, detail: string | null): void {
  stmt(db, 'INSERT INTO incident_events (incident_id, at, what, detail) VALUES (?, ?, ?, ?)').run(incidentId, at, what, detail);
}

export function incidentTimeline(db: Db, incidentId: string): IncidentEventRow[] {
  return stmt(db, 'SELECT * FROM incident_events WHERE incident_id = ? ORDER BY at, id').all(incidentId) as IncidentEventRow[];
}

/** Records a delivery; false when this provider event was already accepted. */
export function recordDelivery(db: Db, source: string, eventId: string, at: string): boolean {
  return stmt(db, 'INSERT OR IGNORE INTO webhook_deliveries (source, event_id, received_at) VALUES (?, ?, ?)').run(source, eventId, at).changes === 1;
}

export function linkDelivery(db: Db, source: string, eventId: string, incidentId: string): void {
  stmt(db, 'UPDATE webhook_deliveries SET incident_id = ? WHERE source = ? AND event_id = ?').run(incidentId, source, eventId);
}

export function incidentsNeedingSync(db: Db): IncidentRow[] {
  return stmt(db, 'SELECT * FROM incidents WHERE sync_needed = 1 ORDER BY captured_at').all() as IncidentRow[];
}

/** What the provider and the people report about an incident; the bot's own bookkeeping (on-call, post, requests) is not in it. */
const REPORTED_FIELDS = ['status', 'title', 'severity', 'service', 'url', 'assignees', 'acknowledged_at', 'resolved_at'] as const;

/**
 * Marks an incident brought up to date, unless an event changed what was reported about it
 * after `seen` was read: then it stays marked, and the next pass syncs the newer state.
 */
export function markSynced(db: Db, seen: IncidentRow): boolean {
  const unchanged = REPORTED_FIELDS.map((field) => `${field} IS @${field}`).join(' AND ');
  const values = Object.fromEntries(REPORTED_FIELDS.map((field) => [field, seen[field]]));
  return stmt(db, `UPDATE incidents SET sync_needed = 0 WHERE id = @id AND ${unchanged}`).run({ ...values, id: seen.id }).changes === 1;
}
