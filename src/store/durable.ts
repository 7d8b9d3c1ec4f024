import { open } from 'node:fs/promises';
import type { Db } from './db.ts';

/**
 * SQLite runs with synchronous=NORMAL: a commit writes its WAL frames without an fsync, so it
 * never stalls the event loop (and every Slack ack behind it) for the milliseconds a disk flush
 * takes. Durability is then asked for where it is promised (before a signature is acked, before
 * a webhook is answered 200, before an object leaves for the sink): an fdatasync of the WAL file
 * on the thread pool makes every commit written before it survive a power cut, as FULL would.
 */
class WalSync {
  private running: Promise<void> | null = null;
  private following: Promise<void> | null = null;

  constructor(private readonly wal: string) {}

  /** Resolves once every commit made before the call is on disk. */
  sync(): Promise<void> {
    // A flush already under way may have started before the caller's commit: wait for the next one.
    if (this.running) {
      this.following ??= this.running.then(
        () => this.startNext(),
        () => this.startNext(),
      );
      return this.following;
    }
    return this.start();
  }

  private startNext(): Promise<void> {
    this.following = null;
    return this.start();
  }

  private start(): Promise<void> {
    this.running = (async () => {
      // Opened for each flush (on the thread pool, like the flush): nothing is left open when the
      // database is closed, and a WAL recreated by another process is the one flushed.
      const handle = await open(this.wal, 'r+');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }
}

const syncs = new WeakMap<Db, WalSync | null>();

/** Makes every commit so far durable; see WalSync. An in-memory database has nothing to flush. */
export function durable(db: Db): Promise<void> {
  let sync = syncs.get(db);
  if (sync === undefined) {
    sync = db.memory ? null : new WalSync(`${db.name}-wal`);
    syncs.set(db, sync);
  }
  return sync ? sync.sync() : Promise.resolve();
}
