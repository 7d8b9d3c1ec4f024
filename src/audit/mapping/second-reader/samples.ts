import type { LedgerEntry } from '../../../evidence/ledger.ts';

/** What the second reader is shown of one artifact: the facts that say what it is, and a cut-down payload. */
export interface SampleFacts {
  id: string;
  kind: string;
  title: string;
  controls: string[];
  period: string;
  captured_at: string;
  subject: string;
  signed_by_a_person: boolean;
  payload: unknown;
}

const LIMITS = { text: 300, items: 5, depth: 4, keys: 30 };
// Bounded parts, as in RFC 5321: an unbounded `[^@]+@` backtracks quadratically over long text without an @.
const EMAIL = /[^\s@<>"]{1,64}@[^\s@<>"]{1,255}\.[a-z]{2,63}/gi;

/**
 * One artifact for the model, from its ledger row and its JSON record: the signer's record (name,
 * email, time zone) stays behind, since the model judges the kind of evidence, not the people;
 * email addresses inside the payload are masked; long text is cut and long lists shortened, so a
 * sample stays a few kilobytes whatever the artifact holds.
 */
export function sampleFacts(entry: LedgerEntry, sidecar: Record<string, unknown>): SampleFacts {
  return {
    id: entry.id,
    kind: entry.kind,
    title: entry.title,
    controls: entry.controls,
    period: entry.period,
    captured_at: entry.captured_at,
    subject: entry.subject,
    signed_by_a_person: entry.signer !== null,
    payload: trimmed(sidecar.payload ?? null, 0),
  };
}

function trimmed(value: unknown, depth: number): unknown {
  if (typeof value === 'string') {
    const masked = value.includes('@') ? value.replace(EMAIL, '[email]') : value;
    return masked.length > LIMITS.text ? `${masked.slice(0, LIMITS.text)}… (${masked.length - LIMITS.text} more characters)` : masked;
  }
  if (value === null || typeof value !== 'object') return value;
  if (depth >= LIMITS.depth) return Array.isArray(value) ? `[a list of ${value.length}]` : '[a nested record]';
  if (Array.isArray(value)) {
    const shown = value.slice(0, LIMITS.items).map((item) => trimmed(item, depth + 1));
    return value.length > LIMITS.items ? [...shown, `… ${value.length - LIMITS.items} more`] : shown;
  }
  const entries = Object.entries(value);
  const kept = entries.slice(0, LIMITS.keys).map(([key, item]) => [key.replace(EMAIL, '[email]'), trimmed(item, depth + 1)]);
  if (entries.length > LIMITS.keys) kept.push(['…', `${entries.length - LIMITS.keys} more fields`]);
  return Object.fromEntries(kept);
}
