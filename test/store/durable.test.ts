import { open } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { durable } from '../../src/store/durable.ts';
import { GroupCommit } from '../../src/store/group-commit.ts';
import { tempDir } from '../helpers/temp.ts';

/** The FileHandle prototype, to watch the WAL flushes happen. */
async function fileHandlePrototype(): Promise<{ datasync: () => Promise<void> }> {
  const file = path.join(tempDir('fh'), 'x');
  const handle = await open(file, 'w');
  await handle.close();
  return Object.getPrototypeOf(handle) as { datasync: () => Promise<void> };
}

afterEach(() => vi.restoreAllMocks());

describe('durability without blocking the event loop', () => {
  it('when a signature is written through the group commit, then it resolves only after the WAL has been flushed', async () => {
    const db = openDatabase(path.join(tempDir('durable'), 'evidence.db'));
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    const proto = await fileHandlePrototype();
    const original = proto.datasync;
    const order: string[] = [];
    let release!: () => void;
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      order.push('flush started');
      await new Promise<void>((resolve) => (release = resolve));
      await original.call(this);
      order.push('flush done');
    });
    const writer = new GroupCommit(db);
    const written = writer.run(() => db.prepare("INSERT INTO schedules (name, cron, timezone, next_run_at) VALUES ('x', '* * * * *', 'UTC', '2026-01-01')").run()).then(() => order.push('resolved'));
    await vi.waitFor(() => expect(order).toEqual(['flush started']));
    // Committed (another reader sees it) but not yet promised.
    expect(db.prepare("SELECT COUNT(*) FROM schedules WHERE name = 'x'").pluck().get()).toBe(1);
    release();
    await written;
    expect(order).toEqual(['flush started', 'flush done', 'resolved']);
  });

  it('when commits arrive while a flush is under way, then they wait for the next flush, which they share', async () => {
    const db = openDatabase(path.join(tempDir('durable'), 'evidence.db'));
    const proto = await fileHandlePrototype();
    const original = proto.datasync;
    let flushes = 0;
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      flushes += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      await original.call(this);
    });
    const first = durable(db);
    const during = [durable(db), durable(db), durable(db)];
    await Promise.all([first, ...during]);
    expect(flushes).toBe(2);
    await durable(db);
    expect(flushes).toBe(3);
  });

  it('when the database is in memory, then there is nothing to flush', async () => {
    const db = openDatabase(':memory:');
    await expect(durable(db)).resolves.toBeUndefined();
  });
});
