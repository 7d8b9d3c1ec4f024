import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';

/** A summary that costs less than this is always computed fresh: reusing it would save nothing. */
const NEGLIGIBLE_MS = 5;
/**
 * Its cost is the least of its last few drawings: one slow drawing (a cold start, a GC pause, a
 * busy machine) must not make a cheap summary look costly and show a stale answer after a write.
 * Until it has been drawn this often, it counts as cheap.
 */
const COST_SAMPLES = 3;
/** A costly summary is reused after a write for this many times what it cost: at most ~1% of the time goes to it. */
const REUSE_PER_COST = 100;
/**
 * Nor is it drawn again in a lull sooner than this many times its cost after the last drawing:
 * at most ~5% of the time. Under a storm, "quiet" also follows every long turn of a busy event
 * loop (nothing was marked while it ran), which without this floor redrew it over and over.
 */
const REFRESH_PER_COST = 20;

export interface RecentSummaryOptions {
  /** Real elapsed milliseconds (tests pass their own). */
  monotonicMs?: () => number;
  /**
   * Resolves at the next quiet moment, or after `maxWaitMs` at most. When given, a costly
   * summary found out of date is still answered from the last one, and drawn again at that
   * moment, away from the requests that asked for it.
   */
  whenQuiet?: (maxWaitMs: number) => Promise<void>;
}

/**
 * A summary over many rows (a year of obligations, everyone's acknowledgments) that is reused
 * while nothing was written and the clock's minute stays ("overdue" and "missing" are judged by
 * the clock). After either changes, a cheap summary (a small workspace) is computed again at
 * once; a costly one (thousands of people under a burst of signatures, where every write would
 * otherwise make each dashboard recompute it) is reused for a while in proportion to its cost,
 * never longer than `maxReuseMs`, and with `whenQuiet` drawn again as soon as traffic pauses:
 * a burst of fifty status requests does not wait behind its 50 ms.
 */
export interface RecentSummary<V> {
  (key: string): V;
  /**
   * Resolves once every redraw waiting for a quiet moment has run. For benchmarks, whose servers
   * share one event loop: the bot's quiet moment must not fall inside another server's round.
   */
  redrawn(): Promise<void>;
  /**
   * Something was written (a signature) or the minute turned: a costly summary is drawn again
   * at the next quiet moment, so the next request finds it fresh instead of paying for it.
   */
  written(): void;
}

export function recentSummary<V>(db: Db, clock: Clock, maxReuseMs: number, compute: (key: string) => V, options: RecentSummaryOptions = {}): RecentSummary<V> {
  const monotonicMs = options.monotonicMs ?? (() => performance.now());
  const changes = db.prepare('SELECT total_changes()').pluck();
  const cache = new Map<string, { minute: number; stamp: number; refreshFrom: number; reuseUntil: number; value: V }>();
  const refreshing = new Map<string, Promise<void>>();
  const recentCosts: number[] = [];
  const knownCost = (): number => (recentCosts.length < COST_SAMPLES ? 0 : Math.min(...recentCosts));

  const current = () => ({ minute: Math.floor(clock.now().getTime() / 60_000), stamp: changes.get() as number });
  const draw = (key: string, at: { minute: number; stamp: number }): V => {
    const started = monotonicMs();
    const value = compute(key);
    const finished = monotonicMs();
    recentCosts.push(finished - started);
    if (recentCosts.length > COST_SAMPLES) recentCosts.shift();
    const cost = knownCost();
    const reuseUntil = cost < NEGLIGIBLE_MS ? finished : finished + Math.min(maxReuseMs, cost * REUSE_PER_COST);
    cache.set(key, { ...at, refreshFrom: Math.min(reuseUntil, finished + cost * REFRESH_PER_COST), reuseUntil, value });
    return value;
  };
  /** Draws `key` again at the next quiet moment after `entry.refreshFrom`, or at `latest` if none comes. */
  const refreshWhenQuiet = (key: string, entry: { refreshFrom: number }, latest: number): void => {
    const whenQuiet = options.whenQuiet;
    if (!whenQuiet || refreshing.has(key)) return;
    const refresh = pause(entry.refreshFrom - monotonicMs())
      .then(() => whenQuiet(Math.max(0, latest - monotonicMs())))
      .then(() => {
        const at = current();
        const cached = cache.get(key);
        if (!cached || cached.minute !== at.minute || cached.stamp !== at.stamp) draw(key, at);
      })
      // A refresh that fails (the database closed at shutdown) leaves the last summary; once
      // its window ends, the next request draws it in the open and sees the error.
      .catch(() => undefined)
      .finally(() => refreshing.delete(key));
    refreshing.set(key, refresh);
  };

  const summary = (key: string): V => {
    const at = current();
    const cached = cache.get(key);
    if (cached && cached.minute === at.minute && cached.stamp === at.stamp) return cached.value;
    if (cached && monotonicMs() < cached.reuseUntil) {
      refreshWhenQuiet(key, cached, cached.reuseUntil);
      return cached.value;
    }
    return draw(key, at);
  };
  const redrawn = async (): Promise<void> => {
    while (refreshing.size > 0) await Promise.all(refreshing.values());
  };
  const written = (): void => {
    if (knownCost() < NEGLIGIBLE_MS) return;
    for (const [key, entry] of cache) refreshWhenQuiet(key, entry, monotonicMs() + maxReuseMs);
  };
  return Object.assign(summary, { redrawn, written });
}

/** A wait that does not hold the process open: a redraw is only worth it while the bot runs. */
function pause(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
