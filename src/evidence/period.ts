import { InvalidEvidenceError } from '../errors.ts';

/**
 * A period names when a control operated: a day (2026-06-14), an ISO week (2026-W23), a month
 * (2026-06), a quarter (2026-Q2) or a year (2026). Its effective range, inclusive dates in UTC,
 * is what sampling compares with the auditor's week.
 */
export interface DateRange {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function utc(year: number, monthIndex: number, day: number): number {
  return Date.UTC(year, monthIndex, day);
}

export function periodRange(period: string): DateRange {
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(period))) {
    const ms = utc(+match[1]!, +match[2]! - 1, +match[3]!);
    if (isoDate(ms) !== period) throw invalid(period);
    return { from: period, to: period };
  }
  if ((match = /^(\d{4})-W(\d{2})$/.exec(period))) {
    const year = +match[1]!;
    const week = +match[2]!;
    const start = isoWeekStart(year, week);
    if (week < 1 || isoWeekOf(start).week !== week) throw invalid(period);
    return { from: isoDate(start), to: isoDate(start + 6 * DAY_MS) };
  }
  if ((match = /^(\d{4})-(\d{2})$/.exec(period))) {
    const year = +match[1]!;
    const month = +match[2]!;
    if (month < 1 || month > 12) throw invalid(period);
    return { from: isoDate(utc(year, month - 1, 1)), to: isoDate(utc(year, month, 0)) };
  }
  if ((match = /^(\d{4})-Q([1-4])$/.exec(period))) {
    const year = +match[1]!;
    const quarter = +match[2]!;
    return { from: isoDate(utc(year, (quarter - 1) * 3, 1)), to: isoDate(utc(year, quarter * 3, 0)) };
  }
  if ((match = /^(\d{4})-H([12])$/.exec(period))) {
    const year = +match[1]!;
    const half = +match[2]!;
    return { from: isoDate(utc(year, (half - 1) * 6, 1)), to: isoDate(utc(year, half * 6, 0)) };
  }
  if (/^\d{4}$/.test(period)) return { from: `${period}-01-01`, to: `${period}-12-31` };
  throw invalid(period);
}

function invalid(period: string): InvalidEvidenceError {
  return new InvalidEvidenceError(`period ${JSON.stringify(period)} is not a day (2026-06-14), ISO week (2026-W23), month (2026-06), quarter (2026-Q2), half (2026-H1) or year (2026)`);
}

/** Monday of ISO week 1 is the Monday of the week holding January 4th. */
function isoWeekStart(year: number, week: number): number {
  const jan4 = utc(year, 0, 4);
  const jan4Weekday = (new Date(jan4).getUTCDay() + 6) % 7;
  return jan4 - jan4Weekday * DAY_MS + (week - 1) * 7 * DAY_MS;
}

export function isoWeekOf(ms: number): { year: number; week: number } {
  const date = new Date(ms);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = utc(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday + 3);
  const year = new Date(thursday).getUTCFullYear();
  const week = 1 + Math.round((thursday - isoWeekStart(year, 1)) / (7 * DAY_MS));
  return { year, week };
}

export function quarterOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}
