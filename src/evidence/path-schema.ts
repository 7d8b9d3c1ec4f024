import { InvalidEvidenceError } from '../errors.ts';
import { ID_PATTERN } from '../ids.ts';
import { isControlId } from './controls.ts';

/**
 * The one owner of the evidence key schema:
 *   {prefix}/{control}/{yyyy}/{mm}/{dd}/{kind}/{subject}-{HHMMSS}Z-{id}.{pdf|json}
 * The date and time are the capture (signing) time in UTC. Ledger checkpoints use the reserved
 * control segment `ledger`, so they sit beside the evidence but never inside a criterion.
 */

export const LEDGER_SEGMENT = 'ledger';
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_SUBJECT_LENGTH = 64;
export const MAX_KIND_LENGTH = 40;
const PREFIX_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
const FILE_PATTERN = /^(?<subject>[a-z0-9]+(?:-[a-z0-9]+)*)-(?<time>\d{6})Z-(?<id>[0-9a-z]{12})\.(?<ext>pdf|json)$/;

export type ArtifactExtension = 'pdf' | 'json';

export interface KeyParts {
  prefix: string;
  control: string;
  capturedAt: Date;
  kind: string;
  subject: string;
  id: string;
  ext: ArtifactExtension;
}

export function assertSlug(what: string, value: string, maxLength: number): void {
  if (!SLUG_PATTERN.test(value) || value.length > maxLength) {
    throw new InvalidEvidenceError(
      `${what} ${JSON.stringify(value)} is not a valid slug: use lower-case a-z, 0-9 and single "-" between them, at most ${maxLength} characters`,
    );
  }
}

export function assertPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new InvalidEvidenceError(
      `evidence prefix ${JSON.stringify(prefix)} is not valid: use slug segments (a-z, 0-9, "-") separated by "/"`,
    );
  }
}

export function assertControlSegment(control: string): void {
  if (control !== LEDGER_SEGMENT && !isControlId(control)) {
    throw new InvalidEvidenceError(`unknown control ID ${JSON.stringify(control)}: expected a Trust Services Criterion such as CC6.1`);
  }
}

/**
 * Turns a person's or system's name into a subject slug. Look-alike letters from other
 * scripts do not survive: they become separators, so "pаypal" (Cyrillic а) cannot pass for "paypal".
 */
export function slugify(label: string, maxLength = MAX_SUBJECT_LENGTH): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/g, '');
  if (!slug) throw new InvalidEvidenceError(`cannot make a subject slug from ${JSON.stringify(label)}: it has no letters or digits a-z, 0-9`);
  return slug;
}

export function buildKey(parts: KeyParts): string {
  assertPrefix(parts.prefix);
  assertControlSegment(parts.control);
  assertSlug('kind', parts.kind, MAX_KIND_LENGTH);
  assertSlug('subject', parts.subject, MAX_SUBJECT_LENGTH);
  if (!ID_PATTERN.test(parts.id)) throw new InvalidEvidenceError(`artifact ID ${JSON.stringify(parts.id)} is not 12 base32 characters`);
  const at = parts.capturedAt;
  if (Number.isNaN(at.getTime())) throw new InvalidEvidenceError('capture time is not a valid date');
  const iso = at.toISOString();
  const [yyyy, mm, dd] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const time = iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19);
  return `${parts.prefix}/${parts.control}/${yyyy}/${mm}/${dd}/${parts.kind}/${parts.subject}-${time}Z-${parts.id}.${parts.ext}`;
}

export type ParseResult = { ok: true; parts: KeyParts } | { ok: false; reason: string };

export function parseKey(key: string): ParseResult {
  const segments = key.split('/');
  if (segments.length < 7) return { ok: false, reason: 'too few segments: expected {prefix}/{control}/{yyyy}/{mm}/{dd}/{kind}/{file}' };
  const [control, yyyy, mm, dd, kind, file] = segments.slice(-6) as [string, string, string, string, string, string];
  const prefix = segments.slice(0, -6).join('/');
  if (!PREFIX_PATTERN.test(prefix)) return { ok: false, reason: `prefix ${JSON.stringify(prefix)} is not slug segments` };
  if (control !== LEDGER_SEGMENT && !isControlId(control)) return { ok: false, reason: `unknown control ${JSON.stringify(control)}` };
  if (!/^\d{4}$/.test(yyyy) || !/^\d{2}$/.test(mm) || !/^\d{2}$/.test(dd)) return { ok: false, reason: 'date segments are not yyyy/mm/dd' };
  if (!SLUG_PATTERN.test(kind) || kind.length > MAX_KIND_LENGTH) return { ok: false, reason: `kind ${JSON.stringify(kind)} is not a slug` };
  const match = FILE_PATTERN.exec(file);
  if (!match?.groups) return { ok: false, reason: `file name ${JSON.stringify(file)} is not {subject}-{HHMMSS}Z-{id}.{pdf|json}` };
  const { subject, time, id, ext } = match.groups as { subject: string; time: string; id: string; ext: ArtifactExtension };
  if (subject.length > MAX_SUBJECT_LENGTH) return { ok: false, reason: 'subject is longer than 64 characters' };
  if (!ID_PATTERN.test(id)) return { ok: false, reason: `artifact ID ${JSON.stringify(id)} is not base32` };
  const iso = `${yyyy}-${mm}-${dd}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}.000Z`;
  const capturedAt = new Date(iso);
  // Date parsing rolls 2026-02-30 over to March; a round trip catches dates that do not exist.
  if (Number.isNaN(capturedAt.getTime()) || capturedAt.toISOString() !== iso) return { ok: false, reason: `${iso} is not a real date and time` };
  return { ok: true, parts: { prefix, control, capturedAt, kind, subject, id, ext } };
}

export interface LintProblem {
  key: string;
  reason: string;
}

/** Every key must parse and sit under the configured prefix; anything else is a defect to name. */
export function lintKeys(keys: Iterable<string>, expectedPrefix: string): { checked: number; problems: LintProblem[] } {
  let checked = 0;
  const problems: LintProblem[] = [];
  for (const key of keys) {
    checked += 1;
    const parsed = parseKey(key);
    if (!parsed.ok) problems.push({ key, reason: parsed.reason });
    else if (parsed.parts.prefix !== expectedPrefix) problems.push({ key, reason: `prefix ${JSON.stringify(parsed.parts.prefix)} is not the configured ${JSON.stringify(expectedPrefix)}` });
  }
  return { checked, problems };
}
