import cron from 'node-cron';
import { zonedParts, zonedToInstant } from './zoned-time.ts';

export function isValidCron(expression: string): boolean {
  return cron.validate(expression);
}

/**
 * The first instant strictly after `after` that matches a five-field cron expression in the
 * given time zone. node-cron parses the expression (so the syntax is the one node-cron
 * accepts); the search walks days, then hours and minutes, instead of every minute of a year.
 * As in Vixie cron, when both day-of-month and day-of-week are restricted, either matching is enough.
 */
export function nextCronRun(expression: string, after: Date, timeZone: string): Date {
  const fields = cron.parse(expression);
  const domAll = fields.dayOfMonth.length === 31 && fields.dayOfMonth.every((day) => typeof day === 'number');
  const dowAll = fields.dayOfWeek.length >= 7;
  const start = zonedParts(new Date(after.getTime() + 60_000 - (after.getTime() % 60_000)), timeZone);

  for (let dayOffset = 0; dayOffset < 366 * 5; dayOffset += 1) {
    const day = new Date(Date.UTC(start.year, start.month - 1, start.day + dayOffset));
    const year = day.getUTCFullYear();
    const month = day.getUTCMonth() + 1;
    const date = day.getUTCDate();
    if (!fields.month.includes(month)) continue;
    const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const domMatch = fields.dayOfMonth.some((d) => d === date || (d === 'L' && date === lastDay));
    const dowMatch = fields.dayOfWeek.some((d) => d === day.getUTCDay() || (d === 7 && day.getUTCDay() === 0));
    const dayMatches = !domAll && !dowAll ? domMatch || dowMatch : domMatch && dowMatch;
    if (!dayMatches) continue;
    for (const hour of [...fields.hour].sort((a, b) => a - b)) {
      for (const minute of [...fields.minute].sort((a, b) => a - b)) {
        const instant = zonedToInstant({ year, month, day: date, hour, minute }, timeZone);
        if (instant.getTime() > after.getTime()) return instant;
      }
    }
  }
  throw new Error(`cron expression ${JSON.stringify(expression)} never matches in the next five years`);
}
