import { zonedParts, zonedToInstant } from './zoned-time.ts';

export interface WorkingHours {
  enabled: boolean;
  start: string;
  end: string;
  days: string[];
}

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function minutes(clock: string): number {
  const [hours, mins] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + mins;
}

/**
 * The earliest instant at or after `at` inside the recipient's working hours, in their own time
 * zone: a reminder due at 3 a.m. their time waits for the morning; one due on Saturday, for Monday.
 */
export function nextWorkingTime(at: Date, timeZone: string, hours: WorkingHours): Date {
  if (!hours.enabled) return at;
  const start = minutes(hours.start);
  const end = minutes(hours.end);
  for (let offset = 0; offset < 8; offset += 1) {
    const base = zonedParts(at, timeZone);
    const day = new Date(Date.UTC(base.year, base.month - 1, base.day + offset));
    if (!hours.days.includes(DAY_NAMES[day.getUTCDay()]!)) continue;
    const wall = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
    const opens = zonedToInstant({ ...wall, hour: Math.floor(start / 60), minute: start % 60 }, timeZone);
    const closes = zonedToInstant({ ...wall, hour: Math.floor(end / 60), minute: end % 60 }, timeZone);
    if (at < opens) return opens;
    if (at < closes) return at;
  }
  return at;
}
