import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { recentSummary } from '../../src/flows/recent-summary.ts';
import { openDatabase } from '../../src/store/db.ts';
import { tempDir } from '../helpers/temp.ts';

/** A summary that counts rows of `t` and takes `costMs` of the monotonic clock each time. */
function setup(costMs: number) {
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
      monotonic += costMs;
      return db.prepare('SELECT COUNT(*) FROM t').pluck().get() as number;
    },
    () => monotonic,
  );
  return { db, clock, summary, computed, pass: (ms: number) => (monotonic += ms) };
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
});
