import type { Settings } from '../config-schema.ts';
import { dayOf } from '../evidence/period.ts';
import { endInstant, InvalidRangeError, type SampledRange } from './range.ts';

/**
 * The observation window gaps are reported for: `audit.window` from the config, each end
 * defaulting to the twelve months that end today (UTC).
 */
export function observationWindow(settings: Settings, now: Date): SampledRange {
  const configured = settings.audit.window;
  const to = configured.to ?? dayOf(now);
  const from = configured.from ?? dayAfter(yearBefore(to));
  if (from > to) throw new InvalidRangeError(`audit.window.from (${from}) is after the window's end (${to}): set audit.window.to, or a start in the past.`);
  return { label: `${from}..${to}`, from, to };
}

/**
 * The instant up to which an obligation must have been met to count: the end of the window, or
 * now if the window has not ended yet. Anything due later is not (yet) a gap.
 */
export function windowCutoff(window: SampledRange, now: Date): Date {
  const end = endInstant(window);
  return end < now ? end : now;
}

function yearBefore(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  // 29 February has no twin a year earlier: Date.UTC rolls it over to 1 March.
  const shifted = new Date(Date.UTC(year - 1, month - 1, date));
  return shifted.toISOString().slice(0, 10);
}

function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
