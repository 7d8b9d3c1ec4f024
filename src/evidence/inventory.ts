import type { Db } from '../store/db.ts';
import { compareControls } from './controls.ts';
import { REPORT_KINDS_JSON } from './report-kinds.ts';

export interface ControlPeriodCount {
  control: string;
  period: string;
  artifacts: number;
  lastCapturedAt: string;
}

/**
 * Artifacts per control and period, the most recently filed first within each control (periods
 * of different lengths, a year and a week, do not sort by name); reports on the evidence are not
 * counted.
 */
export function artifactCounts(db: Db, control?: string): ControlPeriodCount[] {
  const rows = db
    .prepare(
      `SELECT ac.control AS control, a.period AS period, COUNT(*) AS artifacts, MAX(a.captured_at) AS lastCapturedAt
       FROM artifact_controls ac JOIN artifacts a ON a.seq = ac.artifact_seq
       WHERE (@control IS NULL OR ac.control = @control) AND a.kind NOT IN (SELECT value FROM json_each(@reports))
       GROUP BY ac.control, a.period`,
    )
    .all({ control: control ?? null, reports: REPORT_KINDS_JSON }) as ControlPeriodCount[];
  return rows.sort((a, b) => compareControls(a.control, b.control) || b.lastCapturedAt.localeCompare(a.lastCapturedAt) || b.period.localeCompare(a.period));
}

export function ledgerSize(db: Db): number {
  return (db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get() as number) ?? 0;
}
