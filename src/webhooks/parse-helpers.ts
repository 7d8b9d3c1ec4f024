import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';

/**
 * Any ISO-8601 time with a zone, normalised to UTC with milliseconds. Years outside 2000–2199 are
 * refused: no monitoring tool sent an event then, and a year past 9999 would become a timer
 * ("+010000-…") that sorts before every real one (see src/store/timer-text.ts).
 */
export const isoInstant = z
  .string()
  .max(40)
  .refine((text) => /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)), 'expected an ISO-8601 time with a zone, such as 2026-07-06T13:00:00Z')
  .refine((text) => Number.isNaN(Date.parse(text)) || (new Date(text).getUTCFullYear() >= 2000 && new Date(text).getUTCFullYear() <= 2199), 'expected a time between the years 2000 and 2199')
  .transform((text) => new Date(text).toISOString());

/** The first value of a header, whichever case the sender used. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The first few zod issues as "path: message", for a 400 answer a sender can act on. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
      return `${path || '(body)'}: ${issue.message}`;
    })
    .join('; ');
}
