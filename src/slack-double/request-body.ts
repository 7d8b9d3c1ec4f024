import type { IncomingMessage } from 'node:http';
import type { Args } from './api-error.ts';

/** Arguments WebClient sends as JSON strings inside a form body (its serializeBody does this for any object). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'errors']);

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A Web API call's arguments from the query string and body, either
 * application/x-www-form-urlencoded or application/json (Slack accepts both for most methods).
 * Nested JSON fields are decoded; one that does not parse is left a string for the method to refuse.
 */
export function parseArgs(contentType: string | undefined, body: string, query: URLSearchParams): { args: Args } | { error: string } {
  const args: Args = {};
  for (const [key, value] of query) args[key] = value;
  if (body.trim() === '') return { args };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'invalid_json' };
      return { args: { ...args, ...(parsed as Args) } };
    } catch {
      return { error: 'invalid_json' };
    }
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain' || type === '') {
    for (const [key, value] of new URLSearchParams(body)) args[key] = JSON_FIELDS.has(key) ? decodeJson(value) : value;
    return { args };
  }
  return { error: 'invalid_post_type' };
}

function decodeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
