import { gapSummary, type GapSummary } from '../audit/gaps.ts';
import type { Clock } from '../clock.ts';
import type { Settings } from '../config-schema.ts';
import { outboxBacklog, type OutboxBacklog } from '../evidence/outbox.ts';
import { REPORT_KINDS_JSON } from '../evidence/report-kinds.ts';
import { periodRange, quarterOf } from '../evidence/period.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import { failingConnectors } from '../store/access-reviews.ts';
import { acknowledgmentCoverage, type AcknowledgmentCoverage } from './acknowledgments/coverage.ts';
import { periodFor } from './acknowledgments/model.ts';

export interface ControlStatus {
  control: string;
  lastArtifact: { capturedAt: string; kind: string; title: string; id: string } | null;
  periodCount: number;
  openRequests: number;
  overdueRequests: number;
  escalations: number;
  nextCollection: { name: string; at: string } | null;
}

export interface StatusReport {
  generatedAt: string;
  period: { label: string; from: string; to: string };
  controls: ControlStatus[];
  outbox: OutboxBacklog;
  unfiledResponses: number;
  acknowledgments: AcknowledgmentCoverage | null;
  /** Systems whose last listing failed: their reviews cannot start until it works. */
  connectorFailures: { system: string; at: string; error: string }[];
  /** Revoked accounts not yet confirmed gone by a later listing. */
  pendingRevocations: number;
  /** Obligations of the observation window due without evidence (see src/audit). */
  gaps: GapSummary;
}

/**
 * The state of every control in scope (or one): last evidence, this quarter's count, requests
 * open, overdue and escalated, the next collection, what waits for the sink, who has not
 * acknowledged the policies, and the gaps of the observation window. Read-only and
 * index-backed: it answers inside a slash command's ack.
 */
export function buildStatus(deps: { db: Db; clock: Clock; settings: Settings; upcoming: { name: string; at: string; controls: string[] }[] }, onlyControl?: string): StatusReport {
  const { db, clock, settings } = deps;
  const now = clock.now();
  const label = quarterOf(now);
  const range = periodRange(label);
  const controls = onlyControl ? [onlyControl] : settings.controls;
  const requestCounts = new Map<string, { open: number; overdue: number; escalated: number }>();
  const rows = stmt(
    db,
    `SELECT c.value AS control, COUNT(*) AS open, SUM(r.due_at < @now) AS overdue, SUM(r.state = 'escalated') AS escalated
     FROM requests r, json_each(r.controls) c WHERE r.state IN ('open', 'escalated') GROUP BY c.value`,
  ).all({ now: now.toISOString() }) as { control: string; open: number; overdue: number | null; escalated: number | null }[];
  for (const row of rows) requestCounts.set(row.control, { open: row.open, overdue: row.overdue ?? 0, escalated: row.escalated ?? 0 });

  const last = stmt(
    db,
    `SELECT a.captured_at AS capturedAt, a.kind AS kind, a.title AS title, a.id AS id FROM artifact_controls ac JOIN artifacts a ON a.seq = ac.artifact_seq
     WHERE ac.control = ? AND a.kind NOT IN (SELECT value FROM json_each(?)) ORDER BY ac.captured_at DESC LIMIT 1`,
  );
  const count = stmt(
    db,
    `SELECT COUNT(*) FROM artifact_controls ac JOIN artifacts a ON a.seq = ac.artifact_seq
     WHERE ac.control = ? AND ac.effective_from <= ? AND ac.effective_to >= ? AND a.kind NOT IN (SELECT value FROM json_each(?))`,
  ).pluck();
  const report: ControlStatus[] = controls.map((control) => {
    const requests = requestCounts.get(control) ?? { open: 0, overdue: 0, escalated: 0 };
    const next = deps.upcoming.filter((job) => job.controls.includes(control)).sort((a, b) => a.at.localeCompare(b.at))[0];
    return {
      control,
      lastArtifact: (last.get(control, REPORT_KINDS_JSON) as ControlStatus['lastArtifact'] | undefined) ?? null,
      periodCount: count.get(control, range.to, range.from, REPORT_KINDS_JSON) as number,
      openRequests: requests.open,
      overdueRequests: requests.overdue,
      escalations: requests.escalated,
      nextCollection: next ? { name: next.name, at: next.at } : null,
    };
  });
  const showAcks = settings.policies.length > 0 || settings.acknowledgments.training;
  const ackControls = settings.acknowledgments.controls;
  return {
    generatedAt: now.toISOString(),
    period: { label, ...range },
    controls: report,
    outbox: outboxBacklog(db),
    unfiledResponses: stmt(db, 'SELECT COUNT(*) FROM artifact_jobs').pluck().get() as number,
    acknowledgments: showAcks && (!onlyControl || ackControls.includes(onlyControl)) ? acknowledgmentCoverage(db, settings, periodFor(now, settings.timezone)) : null,
    connectorFailures: failingConnectors(db),
    pendingRevocations: stmt(db, "SELECT COUNT(*) FROM revocations WHERE state != 'verified'").pluck().get() as number,
    gaps: gapSummary({ db, settings, now, control: onlyControl }),
  };
}
