/**
 * Canonical JSON: object keys sorted by code point, no whitespace, arrays in order, `undefined`
 * members dropped. Hashes are taken over this form so anyone can recompute them without our
 * software (VERIFY.md shows how).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) sorted[key] = sortDeep(member);
    }
    return sorted;
  }
  return value;
}
