import { DomainError } from '../errors.ts';
import { isControlId } from '../evidence/controls.ts';
import { periodRange, type DateRange } from '../evidence/period.ts';

/** Bad input to `sample` or `package`: the message names the forms that are accepted. */
export class InvalidRangeError extends DomainError {
  constructor(message: string) {
    super(message, 'invalid_range');
  }
}

export interface SampledRange extends DateRange {
  /** As the person wrote it: 2026-W23, 2026-06-14, 2026-06-01..2026-06-30. */
  label: string;
}

export const ACCEPTED_FORMS = 'a date (2026-06-14), an ISO week (2026-W23) or a range (2026-06-01..2026-06-30); months (2026-06) and quarters (2026-Q2) work too';

const DAY_MS = 86_400_000;

/** One end or the whole of a range: a day, ISO week, month, quarter, half or year. */
function period(text: string, whole: string): DateRange {
  try {
    return periodRange(text);
  } catch {
    throw new InvalidRangeError(`${JSON.stringify(whole)} is not ${ACCEPTED_FORMS}.`);
  }
}

/** Parses what an auditor asks for into inclusive UTC dates; anything else is refused, naming the accepted forms. */
export function parseSampledRange(input: string): SampledRange {
  const text = input.trim();
  if (!text) throw new InvalidRangeError(`Which period? Give ${ACCEPTED_FORMS}.`);
  const parts = text.split('..');
  if (parts.length > 2) throw new InvalidRangeError(`${JSON.stringify(text)} is not ${ACCEPTED_FORMS}.`);
  if (parts.length === 1) return { label: text, ...period(text, text) };
  const [start, end] = parts.map((part) => part.trim()) as [string, string];
  if (!start || !end) throw new InvalidRangeError(`${JSON.stringify(text)} is missing one end: write a range as 2026-06-01..2026-06-30.`);
  return rangeBetween(start, end, `${start}..${end}`);
}

/** The range from the start of `from` to the end of `to` (each a date or a period), as `evidence package` takes it. */
export function rangeBetween(from: string, to: string, label = from === to ? from : `${from}..${to}`): SampledRange {
  const first = period(from, from);
  const last = period(to, to);
  if (last.to < first.from) throw new InvalidRangeError(`${JSON.stringify(label)} ends (${last.to}) before it starts (${first.from}).`);
  return { label, from: first.from, to: last.to };
}

/** A word shaped like a criterion (CC6.1, a1.2, PI1.5): the control argument, valid or not. */
const CONTROL_LIKE = /^[a-z]{1,2}\d\.\d+$/i;

/**
 * The arguments of `sample`, as typed in Slack or a shell: a period or range, optionally
 * followed by a control. A range may be typed with spaces (2026-06-01 .. 2026-06-30) or as two
 * words (2026-06-01 2026-06-30).
 */
export function parseSampleArgs(args: string[]): { range: SampledRange; control?: string } {
  const words = args.filter(Boolean);
  const last = words.at(-1);
  const control = last && CONTROL_LIKE.test(last) ? last.toUpperCase() : undefined;
  if (control && !isControlId(control)) throw new DomainError(`unknown control ID ${JSON.stringify(control)}: expected a Trust Services Criterion such as CC6.1`, 'invalid_control');
  const period = control ? words.slice(0, -1) : words;
  if (period.length === 2 && !period.some((word) => word.includes('..'))) return { range: rangeBetween(period[0]!, period[1]!), control };
  return { range: parseSampledRange(period.join('')), control };
}

/** Midnight UTC after the range's last day: the first instant outside it. */
export function endInstant(range: DateRange): Date {
  return new Date(Date.parse(`${range.to}T00:00:00.000Z`) + DAY_MS);
}

export function startInstant(range: DateRange): Date {
  return new Date(`${range.from}T00:00:00.000Z`);
}

export function overlaps(a: DateRange, b: DateRange): boolean {
  return a.from <= b.to && a.to >= b.from;
}
