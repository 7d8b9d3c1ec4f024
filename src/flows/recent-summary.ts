import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';

/** A summary that costs less than this is always computed fresh: reusing it would save nothing. */
const NEGLIGIBLE_MS = 5;
/** A costly summary is reused after a write for this many times what it cost: at most ~1% of the time goes to it. */
const REUSE_PER_COST = 100;

/**
 * A summary over many rows (a year of obligations, everyone's acknowledgments) that is reused
 * while nothing was written and the clock's minute stays ("overdue" and "missing" are judged by
 * the clock). After either changes, a cheap summary (a small workspace) is computed again at
 * once; a costly one (thousands of people under a burst of signatures, where every write would
 * otherwise make each dashboard recompute it) is reused for a while in proportion to its cost,
 * never longer than `maxReuseMs`.
 */
export function recentSummary<V>(
  db: Db,
  clock: Clock,
  maxReuseMs: number,
  compute: (key: string) => V,
  monotonicMs: () => number = () => performance.now(),
): (key: string) => V {
  const changes = db.prepare('SELECT total_changes()').pluck();
  const cache = new Map<string, { minute: number; stamp: number; reuseUntil: number; value: V }>();
  return (key) => {
    const minute = Math.floor(clock.now().getTime() / 60_000);
    const stamp = changes.get() as number;
    const cached = cache.get(key);
    if (cached && ((cached.minute === minute && cached.stamp === stamp) || monotonicMs() < cached.reuseUntil)) return cached.value;
    const started = monotonicMs();
    const value = compute(key);
    const finished = monotonicMs();
    const cost = finished - started;
    cache.set(key, { minute, stamp, reuseUntil: cost < NEGLIGIBLE_MS ? finished : finished + Math.min(maxReuseMs, cost * REUSE_PER_COST), value });
    return value;
  };
}
