import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { recentSummary } from '../../src/flows/recent-summary.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { tempDir } from '../helpers/temp.ts';

/** Draws a summary often enough for its cost to be known, each time after a write to another table. */
function learnCost(db: Db, summary: (key: string) => unknown): void {
  db.exec('CREATE TABLE IF NOT EXISTS warm (n INTEGER)');
  for (let i = 0; i < 3; i += 1) {
    db.exec('INSERT INTO warm VALUES (1)');
    summary('warm-up');
  }
}

/** A summary that counts rows of `t`; each drawing takes `drawCost()` of the monotonic clock. */
function countingSummary(drawCost: () => number, whenQuiet?: (maxWaitMs: number) => Promise<void>) {
  const db = openDatabase(path.join(tempDir('summary'), 'evidence.db'));
  db.exec('CREATE TABLE t (n INTEGER)');
  const clock = new ManualClock('2026-11-23T10:00:10Z');
  let monotonic = 0;
  const computed: string[] = [];
  const summary = recentSummary(
    db,
    clock,
    5_000,
    (key) => {
      computed.push(key);
      monotonic += drawCost();
      return db.prepare('SELECT COUNT(*) FROM t').pluck().get() as number;
    },
    { monotonicMs: () => monotonic, whenQuiet },
  );
  return { db, clock, summary, computed, pass: (ms: number) => (monotonic += ms) };
}

/** A summary that takes `costMs` each time, its cost already known. */
function setup(costMs: number, whenQuiet?: (maxWaitMs: number) => Promise<void>) {
  const made = countingSummary(() => costMs, whenQuiet);
  learnCost(made.db, made.summary);
  made.computed.length = 0;
  return made;
}

describe('summaries reused between writes', () => {
  it('when nothing was written, then the summary is computed once per key however often it is asked', () => {
    const { summary, computed, pass } = setup(10);
    summary('one');
    pass(30_000);
    summary('one');
    summary('two');
    summary('two');
    expect(computed).toEqual(['one', 'two']);
  });

  it('when a costly summary sees a write, then it is reused for a hundred times its cost and shows the write after', () => {
    const { db, summary, computed, pass } = setup(20);
    expect(summary('one')).toBe(0);
    db.exec('INSERT INTO t VALUES (1)');
    pass(1_900);
    expect(summary('one')).toBe(0);
    pass(100);
    expect(summary('one')).toBe(1);
    expect(computed).toEqual(['one', 'one']);
  });

  it('when a very costly summary sees a write, then it is reused no longer than the cap', () => {
    const { db, summary, pass } = setup(200);
    summary('one');
    db.exec('INSERT INTO t VALUES (1)');
    pass(5_000);
    expect(summary('one')).toBe(1);
  });

  it('when a cheap summary sees a write, then the next answer shows it at once', () => {
    const { db, summary } = setup(4);
    expect(summary('one')).toBe(0);
    db.exec('INSERT INTO t VALUES (1)');
    expect(summary('one')).toBe(1);
  });

  it('when the minute turns on a cheap summary, then it is computed again even without a write', () => {
    const { clock, summary, computed } = setup(1);
    summary('one');
    clock.advance(50_000);
    summary('one');
    expect(computed).toEqual(['one', 'one']);
  });

  it('when the minute turns on a costly summary, then it is reused for its window like after a write, then computed again', () => {
    const { clock, summary, computed, pass } = setup(20);
    summary('one');
    clock.advance(50_000);
    summary('one');
    expect(computed).toEqual(['one']);
    pass(2_000);
    summary('one');
    expect(computed).toEqual(['one', 'one']);
  });

  it('when a costly summary sees a write and traffic pauses, then the waiting requests get the last one at once and it is drawn again in the pause, once', async () => {
    const pauses: { maxWaitMs: number; go: () => void }[] = [];
    const whenQuiet = (maxWaitMs: number) => new Promise<void>((go) => void pauses.push({ maxWaitMs, go }));
    const { db, summary, computed, pass } = setup(20, whenQuiet);
    expect(summary('one')).toBe(0);
    db.exec('INSERT INTO t VALUES (1)');
    pass(500);
    expect(summary('one')).toBe(0);
    expect(summary('one')).toBe(0);
    expect(computed).toEqual(['one']);
    await new Promise((resolve) => setImmediate(resolve));
    // One refresh, told how long the last summary may still be used: 2,000 ms of reuse, 500 gone.
    expect(pauses.map((p) => p.maxWaitMs)).toEqual([1_500]);
    pauses[0]!.go();
    await new Promise((resolve) => setImmediate(resolve));
    expect(computed).toEqual(['one', 'one']);
    expect(summary('one')).toBe(1);
    expect(computed).toEqual(['one', 'one']);
  });

  it('when a redraw waits for a quiet moment, then redrawn() resolves only after it has run, and at once when none waits', async () => {
    const pauses: (() => void)[] = [];
    const { db, summary, computed, pass } = setup(20, () => new Promise<void>((go) => void pauses.push(go)));
    await summary.redrawn();
    summary('one');
    db.exec('INSERT INTO t VALUES (1)');
    pass(500);
    expect(summary('one')).toBe(0);
    let done = false;
    const waiting = summary.redrawn().then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pauses).toHaveLength(1);
    expect(done).toBe(false);
    pauses[0]!();
    await waiting;
    expect(computed).toEqual(['one', 'one']);
    expect(summary('one')).toBe(1);
  });

  it('when a costly summary is told of a write, then it is drawn again at the next quiet moment and the next request finds it fresh', async () => {
    const pauses: (() => void)[] = [];
    const { db, summary, computed, pass } = setup(20, () => new Promise<void>((go) => void pauses.push(go)));
    summary('one');
    pass(1_000);
    db.exec('INSERT INTO t VALUES (1)');
    summary.written();
    summary.written();
    await new Promise((resolve) => setImmediate(resolve));
    // One wait per key drawn so far ('warm-up' and 'one'), however often it is told.
    expect(pauses).toHaveLength(2);
    for (const go of pauses) go();
    await summary.redrawn();
    expect(computed).toEqual(['one', 'warm-up', 'one']);
    pass(10_000);
    expect(summary('one')).toBe(1);
    expect(computed).toEqual(['one', 'warm-up', 'one']);
  });

  it('when a cheap summary is told of a write, then nothing waits for a quiet moment: the next request draws it', async () => {
    const quiet = vi.fn(() => Promise.resolve());
    const { db, summary, computed } = setup(1, quiet);
    summary('one');
    db.exec('INSERT INTO t VALUES (1)');
    summary.written();
    await summary.redrawn();
    expect(quiet).not.toHaveBeenCalled();
    expect(summary('one')).toBe(1);
    expect(computed).toEqual(['one', 'one']);
  });

  it('when the refresh in a pause fails, then the last summary stands until its window ends, and the next request draws it itself', async () => {
    const pauses: (() => void)[] = [];
    let failing = false;
    const { db, summary, pass } = countingSummary(
      () => {
        if (failing) throw new Error('database is not open');
        return 20;
      },
      () => new Promise<void>((go) => void pauses.push(go)),
    );
    learnCost(db, summary);
    expect(summary('one')).toBe(0);
    db.exec('INSERT INTO t VALUES (1)');
    failing = true;
    pass(500);
    expect(summary('one')).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    pauses[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(summary('one')).toBe(0);
    pass(2_000);
    expect(() => summary('one')).toThrow('database is not open');
  });

  it('when a costly summary goes out of date again soon after it was drawn, then a quiet moment does not redraw it before twenty times its cost', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const pauses: (() => void)[] = [];
      const { db, summary, computed, pass } = setup(20, () => new Promise<void>((go) => void pauses.push(go)));
      summary('one');
      db.exec('INSERT INTO t VALUES (1)');
      pass(100);
      expect(summary('one')).toBe(0);
      await vi.advanceTimersByTimeAsync(250);
      expect(pauses).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(100);
      expect(pauses).toHaveLength(1);
      pauses[0]!();
      await vi.advanceTimersByTimeAsync(0);
      expect(computed).toEqual(['one', 'one']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('when a cheap summary is drawn slowly once (a cold start, a busy machine), then the next write still shows at once', () => {
    const costs = [40, 1, 1, 60, 1];
    const { db, summary } = countingSummary(() => costs.shift() ?? 1);
    for (let n = 0; n < 5; n += 1) {
      expect(summary('one')).toBe(n);
      db.exec('INSERT INTO t VALUES (1)');
    }
    expect(summary('one')).toBe(5);
  });

  it('when a summary is costly every time, then once its cost is known a write is shown only after its reuse window', () => {
    const { db, summary, pass } = countingSummary(() => 20);
    // The first three drawings are fresh: the cost is not known yet.
    for (let n = 0; n < 3; n += 1) {
      expect(summary('one')).toBe(n);
      db.exec('INSERT INTO t VALUES (1)');
    }
    expect(summary('one')).toBe(2);
    pass(2_000);
    expect(summary('one')).toBe(3);
  });
});
