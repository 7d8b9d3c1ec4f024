import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';

/** Any ISO-8601 time with a zone, normalised to UTC with milliseconds. */
export const isoInstant = z
  .string()
  .max(40)
  .refine((text) => /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)), 'expected an ISO-8601 time with a zone, such as 2026-07-06T13:00:00Z')
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
