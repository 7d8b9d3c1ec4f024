import { randomBytes } from 'node:crypto';

// Crockford's base32, lower case: no i, l, o, u, so an ID read aloud or retyped stays unambiguous.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const ID_LENGTH = 12;
export const ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{12}$/;

/** A random 60-bit identifier, 12 characters, safe inside object keys and Slack IDs. */
export function newId(): string {
  const bytes = randomBytes(ID_LENGTH);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 31];
  return id;
}
