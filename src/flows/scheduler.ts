import type { Clock } from '../clock.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { nextCronRun } from '../schedule/cron.ts';
import type { Db } from '../store/db.ts';
import { allSchedules, dueSchedules, getSchedule, saveSchedule } from '../store/schedules.ts';

export interface ScheduledJob {
  name: string;
  cron: string;
  timezone: string;
  /** What the job gathers evidence for, shown as "next collection" in status. */
  controls: string[];
  run(scheduledFor: Date): Promise<void>;
}

/**
 * Recurring collections whose next run is a row in SQLite: node-cron only wakes the bot each
 * minute, and a run missed while the bot was down happens once when it is back.
 */
export class Scheduler {
  private readonly jobs = new Map<string, ScheduledJob>();

  constructor(private readonly deps: { db: Db; clock: Clock; logger: Logger }) {}

  register(job: ScheduledJob): void {
    this.jobs.set(job.name, job);
    const existing = getSchedule(this.deps.db, job.name);
    if (existing && existing.cron === job.cron && existing.timezone === job.timezone) return;
    saveSchedule(this.deps.db, {
      name: job.name,
      cron: job.cron,
      timezone: job.timezone,
      next_run_at: nextCronRun(job.cron, this.deps.clock.now(), job.timezone).toISOString(),
      last_run_at: existing?.last_run_at ?? null,
      last_error: null,
    });
  }

  async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const row of dueSchedules(this.deps.db, this.deps.clock.now())) {
      const job = this.jobs.get(row.name);
      if (!job) continue;
      const now = this.deps.clock.now();
      let lastError: string | null = null;
      try {
        await job.run(new Date(row.next_run_at));
        ran.push(job.name);
      } catch (error) {
        lastError = errorMessage(error);
        this.deps.logger.error('scheduled collection failed', { job: job.name }, error);
      }
      saveSchedule(this.deps.db, { ...row, last_run_at: now.toISOString(), last_error: lastError, next_run_at: nextCronRun(job.cron, this.deps.clock.now(), job.timezone).toISOString() });
    }
    return ran;
  }

  /** The next run of every registered job, soonest first. */
  upcoming(): { name: string; at: string; controls: string[] }[] {
    return allSchedules(this.deps.db)
      .filter((row) => this.jobs.has(row.name))
      .map((row) => ({ name: row.name, at: row.next_run_at, controls: this.jobs.get(row.name)!.controls }));
  }
}
