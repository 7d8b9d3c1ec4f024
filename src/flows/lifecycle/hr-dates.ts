/**
 * Which dates HR may give evidence-bot. A real start date or termination is within a few years of
 * today; anything else is a placeholder (9999-12-31 is how HR systems say "no end date", 0001-01-01
 * "unknown") or a unit mistake (milliseconds sent as seconds). Filed, such a date would put a
 * step "due 1900-12-31" or a timer past the year 9999, so it is refused with the field named.
 */
export const HR_DATE_YEARS = 10;

const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface HrDateRange {
  from: Date;
  to: Date;
}

/** From ten calendar years before `now` to ten after. */
export function hrDateRange(now: Date): HrDateRange {
  const from = new Date(now);
  from.setUTCFullYear(from.getUTCFullYear() - HR_DATE_YEARS);
  const to = new Date(now);
  to.setUTCFullYear(to.getUTCFullYear() + HR_DATE_YEARS);
  return { from, to };
}

function accepted(range: HrDateRange): string {
  return `accepted: ${range.from.toISOString().slice(0, 10)} to ${range.to.toISOString().slice(0, 10)}, within ${HR_DATE_YEARS} years of today`;
}

/** Where an instant or a whole day falls against the range; a day counts as in range if it overlaps it. */
function placement(value: string, range: HrDateRange): 'before' | 'after' | 'within' | 'not a time' {
  if (DAY_ONLY.test(value)) {
    if (value < range.from.toISOString().slice(0, 10)) return 'before';
    return value > range.to.toISOString().slice(0, 10) ? 'after' : 'within';
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) return 'not a time';
  if (at < range.from.getTime()) return 'before';
  return at > range.to.getTime() ? 'after' : 'within';
}

/**
 * Why a date (YYYY-MM-DD) or ISO time that HR sent is refused, naming `field`; null when it is
 * plausible. The value must already have passed the format check.
 */
export function hrDateProblem(field: string, value: string, kind: 'start' | 'termination' | 'event', now: Date): string | null {
  const range = hrDateRange(now);
  const where = placement(value, range);
  if (where === 'within') return null;
  if (where === 'not a time') return `${field}: ${value} is not a date or an ISO time (${accepted(range)})`;
  if (where === 'after' && kind === 'termination') {
    return `${field}: ${value} is more than ${HR_DATE_YEARS} years away; HR systems use such dates to mean "no end date", which is not a termination, so nothing was filed. Send the real termination date (${accepted(range)})`;
  }
  return `${field}: ${value} is more than ${HR_DATE_YEARS} years ${where === 'after' ? 'from now' : 'ago'}, not a real ${kind === 'event' ? 'event time' : `${kind} date`} (${accepted(range)})`;
}

/** Why a Unix time in seconds (Gusto's `timestamp`) is refused, naming `field`; null when it is plausible. */
export function hrTimestampProblem(field: string, seconds: number, now: Date): string | null {
  const range = hrDateRange(now);
  const ms = seconds * 1000;
  if (ms >= range.from.getTime() && ms <= range.to.getTime()) return null;
  const bounds = `accepted: ${Math.ceil(range.from.getTime() / 1000)} to ${Math.floor(range.to.getTime() / 1000)} Unix seconds, ${accepted(range).slice('accepted: '.length)}`;
  // A time in milliseconds is a thousand times too large: say so rather than only "out of range".
  const hint = seconds >= range.from.getTime() && seconds <= range.to.getTime() ? '; it looks like milliseconds, send seconds' : '';
  return `${field}: ${seconds} is not a Unix time in seconds within ${HR_DATE_YEARS} years of now${hint} (${bounds})`;
}
