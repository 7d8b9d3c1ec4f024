import { describe, expect, it } from 'vitest';
import { buildKey, lintKeys, parseKey, slugify } from '../../src/evidence/path-schema.ts';

const parts = {
  prefix: 'evidence',
  control: 'CC6.1',
  capturedAt: new Date('2026-07-03T14:02:11.000Z'),
  kind: 'access-review',
  subject: 'github',
  id: 'a7k3m9x2qp4z',
  ext: 'pdf' as const,
};

describe('path schema', () => {
  it('when a key is built, then it follows the dated layout and parses back to the same parts', () => {
    const key = buildKey(parts);
    expect(key).toBe('evidence/CC6.1/2026/07/03/access-review/github-140211Z-a7k3m9x2qp4z.pdf');
    const parsed = parseKey(key);
    expect(parsed).toEqual({ ok: true, parts });
  });

  it('when the prefix has several segments, then parsing still finds the control from the right', () => {
    const key = buildKey({ ...parts, prefix: 'acme/soc2' });
    expect(parseKey(key)).toEqual({ ok: true, parts: { ...parts, prefix: 'acme/soc2' } });
  });

  it.each([
    ['../etc', 'subject "../etc" is not a valid slug'],
    ['jane doe', 'subject "jane doe" is not a valid slug'],
    ['Jane', 'subject "Jane" is not a valid slug'],
    ['a\u0000b', 'is not a valid slug'],
    ['pаypal', 'is not a valid slug'],
  ])('when the subject is %j, then building the key fails naming it', (subject, message) => {
    expect(() => buildKey({ ...parts, subject })).toThrow(message);
  });

  it('when the control is not a Trust Services Criterion, then building the key fails', () => {
    expect(() => buildKey({ ...parts, control: 'CC6.9' })).toThrow('unknown control ID "CC6.9"');
  });

  it.each([
    ['evidence/CC6.1/2026/02/30/access-review/github-140211Z-a7k3m9x2qp4z.pdf', 'is not a real date'],
    ['evidence/CC6.1/2026/07/03/access-review/github-140211Z-a7k3m9x2qp4z.docx', 'is not {subject}'],
    ['evidence/CC9.9/2026/07/03/access-review/github-140211Z-a7k3m9x2qp4z.pdf', 'unknown control "CC9.9"'],
    ['evidence/CC6.1/2026/07/03/Access Review/github-140211Z-a7k3m9x2qp4z.pdf', 'kind "Access Review" is not a slug'],
    ['CC6.1/2026/07/03/access-review/github-140211Z-a7k3m9x2qp4z.pdf', 'too few segments'],
    ['evidence/CC6.1/2026/07/03/access-review/../github-140211Z-a7k3m9x2qp4z.pdf', 'is not slug segments'],
  ])('when %s is parsed, then it is refused with a reason', (key, reason) => {
    const parsed = parseKey(key);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });

  it('when a folder holds good and bad keys, then lint names exactly the bad ones', () => {
    const good = buildKey(parts);
    const result = lintKeys([good, 'evidence/misc/notes.txt', buildKey({ ...parts, prefix: 'other' })], 'evidence');
    expect(result.checked).toBe(3);
    expect(result.problems.map((problem) => problem.key)).toEqual(['evidence/misc/notes.txt', 'other/CC6.1/2026/07/03/access-review/github-140211Z-a7k3m9x2qp4z.pdf']);
    expect(result.problems[1]!.reason).toBe('prefix "other" is not the configured "evidence"');
  });

  it('when names are slugged, then accents fold, look-alike letters drop out, and empty names are refused', () => {
    expect(slugify('José Álvarez')).toBe('jose-alvarez');
    expect(slugify('  GitHub (org: acme) ')).toBe('github-org-acme');
    expect(slugify('../../etc/passwd')).toBe('etc-passwd');
    expect(slugify('pаypal')).toBe('p-ypal');
    expect(() => slugify('日本')).toThrow('cannot make a subject slug');
  });
});
