/**
 * Timer columns (a request's next_action_at and due_at, a step's due_at, a checklist's verify_at
 * and next_lookup_at, a schedule's next_run_at) are compared as text with `now.toISOString()`.
 * That sorts as time only while the year has four digits: Date#toISOString writes a year past
 * 9999 as "+010000-…", which sorts before "2026-…", so the timer is always due and the sweep
 * claims it again and again. Every write of a timer goes through `timerText`.
 *
 * Out-of-range times are clamped, not refused. A timer is written in the same transaction as what
 * a person did (a step marked done and signed, an answer, an attestation); refusing would roll
 * their signature back with it. The clamped time means the same thing: 9999-12-31 is "not in
 * this system's lifetime", 0000-01-01 is "overdue already".
 */
export const LAST_TIMER = '9999-12-31T23:59:59.999Z';
export const FIRST_TIMER = '0000-01-01T00:00:00.000Z';

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const LAST_MS = Date.parse(LAST_TIMER);
const FIRST_MS = Date.parse(FIRST_TIMER);

/** `value` as `YYYY-MM-DDTHH:MM:SS.sssZ` with a four-digit year, clamped into 0000–9999; null stays null. */
export function timerText(column: string, value: string): string;
export function timerText(column: string, value: string | null): string | null;
export function timerText(column: string, value: string | null): string | null {
  if (value === null || CANONICAL.test(value)) return value;
  const at = Date.parse(value);
  // Every timer comes from Date#toISOString, so this is a bug in the caller, not a time to clamp.
  if (Number.isNaN(at)) throw new Error(`${column} must be an ISO-8601 time, not ${JSON.stringify(value.slice(0, 60))}`);
  if (at > LAST_MS) return LAST_TIMER;
  if (at < FIRST_MS) return FIRST_TIMER;
  return new Date(at).toISOString();
}

/** `fields` with each of `columns` it sets passed through `timerText`; for the stores' partial updates. */
export function withTimerText<T extends object>(fields: T, columns: readonly (keyof T & string)[]): T {
  const out = { ...fields };
  for (const column of columns) {
    const value = out[column];
    if (typeof value === 'string') out[column] = timerText(column, value) as T[typeof column];
  }
  return out;
}
