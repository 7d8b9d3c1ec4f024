import type { Db } from './db.ts';
import { durable } from './durable.ts';

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes that must be durable before a Slack ack (a signed answer) are grouped: every write
 * queued in one turn of the event loop commits in one transaction, and one flush of the WAL on
 * the thread pool (durable.ts) makes them all durable before any of them resolves. Each write
 * runs in its own savepoint, so one that throws is rolled back alone and fails alone.
 */
export class GroupCommit {
  private queue: Pending[] = [];

  constructor(private readonly db: Db) {}

  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: this.db.transaction(item.write)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    try {
      await durable(this.db);
    } catch (error) {
      // Committed but not known to be on disk: the person is told it failed and signs again (idempotent).
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}
