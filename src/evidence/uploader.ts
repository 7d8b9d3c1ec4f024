import type { Clock } from '../clock.ts';
import { errorMessage, SinkConflictError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { durable } from '../store/durable.ts';
import { dueObjects, lastOutboxId, markFailed, markUploaded, toSinkObject, type OutboxRow } from './outbox.ts';
import type { Sink } from './sinks/types.ts';

export interface UploaderOptions {
  /** First retry delay; each failure doubles it up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  concurrency?: number;
  batchSize?: number;
}

export interface DrainResult {
  uploaded: number;
  alreadyStored: number;
  failed: number;
}

/**
 * Drains the outbox into the sink. A sink outage only delays: each failed object waits with
 * exponential backoff and stays in SQLite, body and all, until the sink confirms it.
 */
export class Uploader {
  private running: Promise<DrainResult> | null = null;
  private following: Promise<DrainResult> | null = null;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly concurrency: number;
  private readonly batchSize: number;

  constructor(
    private readonly deps: { db: Db; sink: Sink; clock: Clock; logger: Logger },
    options: UploaderOptions = {},
  ) {
    this.baseDelayMs = options.baseDelayMs ?? 5_000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    // Each upload is a chain of waits (open, write, fsync, link; or an HTTP round trip): many in flight
    // overlap them, and the file system groups the fsyncs. 16 quarters the local sink's cost per object.
    this.concurrency = options.concurrency ?? 16;
    this.batchSize = options.batchSize ?? 64;
  }

  /**
   * Uploads what is due when the run begins, one run at a time. A call during a run gets the
   * run after it (shared by every such call), so objects queued meanwhile go right after, and
   * no caller waits on a run that a steady stream of new artifacts would keep going.
   */
  drain(): Promise<DrainResult> {
    if (this.running) {
      const next = (): Promise<DrainResult> => {
        this.following = null;
        return this.drain();
      };
      this.following ??= this.running.then(next, next);
      return this.following;
    }
    this.running = this.drainAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drainAll(): Promise<DrainResult> {
    const result: DrainResult = { uploaded: 0, alreadyStored: 0, failed: 0 };
    const tried = new Set<number>();
    const last = lastOutboxId(this.deps.db);
    for (;;) {
      const batch = dueObjects(this.deps.db, this.deps.clock.now(), this.batchSize, last).filter((row) => !tried.has(row.id));
      if (batch.length === 0) return result;
      // What is uploaded must be on disk in the ledger first (see durable.ts).
      await durable(this.deps.db);
      for (const row of batch) tried.add(row.id);
      const confirmed: number[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < batch.length) {
          const row = batch[next++]!;
          if (await this.uploadOne(row, result)) confirmed.push(row.id);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, batch.length) }, worker));
      // One commit for the batch: a crash before it only means the same bytes are offered
      // again, and the sink answers "already stored".
      const at = this.deps.clock.now();
      this.deps.db.transaction(() => confirmed.forEach((id) => markUploaded(this.deps.db, id, at)))();
    }
  }

  /** True when the sink holds the object now. */
  private async uploadOne(row: OutboxRow, result: DrainResult): Promise<boolean> {
    const { db, sink, clock, logger } = this.deps;
    try {
      const outcome = await sink.put(toSinkObject(row));
      if (outcome === 'stored') result.uploaded += 1;
      else result.alreadyStored += 1;
      return true;
    } catch (error) {
      result.failed += 1;
      const delay = Math.min(this.baseDelayMs * 2 ** row.attempts, this.maxDelayMs);
      markFailed(db, row.id, errorMessage(error), new Date(clock.now().getTime() + delay));
      const fields = { key: row.key, attempt: row.attempts + 1, retryInMs: delay, sink: sink.description };
      // A conflict means different bytes already sit under this key: an integrity alarm, not an outage.
      if (error instanceof SinkConflictError) logger.error('sink holds different content under this key', fields);
      else logger.warn('upload failed; will retry', fields, errorMessage(error));
      return false;
    }
  }
}
