import type { Db } from '../store/db.ts';
import { compareControls } from './controls.ts';

export interface ControlPeriodCount {
  control: string;
  period: string;
  artifacts: number;
  lastCapturedAt: string;
}

/** Artifacts per control and period, newest period first within each control. */
export function artifactCounts(db: Db, control?: string): ControlPeriodCount[] {
  const rows = db
    .prepare(
      `SELECT ac.control AS control, a.period AS period, COUNT(*) AS artifacts, MAX(a.captured_at) AS lastCapturedAt
       FROM artifact_controls ac JOIN artifacts a ON a.seq = ac.artifact_seq
       WHERE (@control IS NULL OR ac.control = @control)
       GROUP BY ac.control, a.period`,
    )
    .all({ control: control ?? null }) as ControlPeriodCount[];
  return rows.sort((a, b) => compareControls(a.control, b.control) || b.period.localeCompare(a.period));
}

export function ledgerSize(db: Db): number {
  return (db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get() as number) ?? 0;
}
