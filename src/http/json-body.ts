/** Deeper than any payload a provider sends; deep enough nesting is a parser attack, not data. */
export const MAX_JSON_DEPTH = 64;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type JsonBody = { ok: true; value: unknown } | { ok: false; reason: string };

/** Parses a request body as JSON, refusing non-UTF-8-JSON and nesting deeper than MAX_JSON_DEPTH with a reason a sender can act on. */
export function parseJsonBody(body: Buffer): JsonBody {
  let text: string;
  try {
    text = UTF8.decode(body);
  } catch {
    // Decoding leniently would file "Ren\uFFFDe" for "Renée": refuse, and the sender can fix its encoding.
    return { ok: false, reason: 'the body is not UTF-8 (JSON must be; look for Latin-1 or Windows-1252 text)' };
  }
  if (text.trim() === '') return { ok: false, reason: 'the body is empty: expected a JSON object' };
  const depth = nestingDepth(text);
  if (depth > MAX_JSON_DEPTH) return { ok: false, reason: `the JSON is nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `the body is not valid JSON (${(error as Error).message.slice(0, 120)})` };
  }
}

/** The deepest bracket nesting outside strings, found in one pass before the parser sees the text. */
function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i += 1;
      else if (char === 0x22) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth -= 1;
  }
  return deepest;
}
