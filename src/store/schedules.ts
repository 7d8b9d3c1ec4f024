import type { Db } from './db.ts';
import { stmt } from './statements.ts';
import { withTimerText } from './timer-text.ts';

export interface ScheduleRow {
  name: string;
  cron: string;
  timezone: string;
  next_run_at: string;
  last_run_at: string | null;
  last_error: string | null;
}

export function getSchedule(db: Db, name: string): ScheduleRow | undefined {
  return stmt(db, 'SELECT * FROM schedules WHERE name = ?').get(name) as ScheduleRow | undefined;
}

export function saveSchedule(db: Db, row: ScheduleRow): void {
  stmt(
    db,
    `INSERT INTO schedules (name, cron, timezone, next_run_at, last_run_at, last_error) VALUES (@name, @cron, @timezone, @next_run_at, @last_run_at, @last_error)
     ON CONFLICT (name) DO UPDATE SET cron = @cron, timezone = @timezone, next_run_at = @next_run_at, last_run_at = @last_run_at, last_error = @last_error`,
  ).run(withTimerText(row, ['next_run_at']));
}

export function dueSchedules(db: Db, now: Date): ScheduleRow[] {
  return stmt(db, 'SELECT * FROM schedules WHERE next_run_at <= ? ORDER BY next_run_at').all(now.toISOString()) as ScheduleRow[];
}

export function allSchedules(db: Db): ScheduleRow[] {
  return stmt(db, 'SELECT * FROM schedules ORDER BY next_run_at').all() as ScheduleRow[];
}
