import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidEvidenceError } from '../../src/errors.ts';
import { canonicalJson } from '../../src/evidence/canonical-json.ts';
import { sha256Hex } from '../../src/evidence/hash.ts';
import { ArtifactPipeline } from '../../src/evidence/pipeline.ts';
import { renderPdf } from '../../src/evidence/pdf/render.ts';
import { JsonLogger } from '../../src/logger.ts';
import { evidenceHarness, sampleSpec } from '../helpers/evidence.ts';
import { pdfInfo, pdfPages } from '../helpers/pdf-text.ts';

function countRows(h: ReturnType<typeof evidenceHarness>) {
  const count = (table: string) => h.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
  return { jobs: count('artifact_jobs'), artifacts: count('artifacts'), outbox: count('outbox') };
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

describe('artifact pipeline', () => {
  it('when a signed response is filed, then the sink holds its PDF and JSON, read-only, and the ledger row points at both', async () => {
    const h = evidenceHarness();
    const spec = sampleSpec();
    expect(h.evidence.enqueue(spec)).toBe('queued');
    const { filed, drained } = await h.evidence.flush();
    expect(filed).toHaveLength(1);
    expect(drained).toEqual({ uploaded: 2, alreadyStored: 0, failed: 0 });
    const entry = filed[0]!;
    expect(entry.key).toBe(`evidence/CC1.4/2026/07/03/acknowledgment/jane-doe-140211Z-${spec.id}.pdf`);
    expect(entry.sidecar_key).toBe(`evidence/CC1.4/2026/07/03/acknowledgment/jane-doe-140211Z-${spec.id}.json`);
    expect(entry.effective_from).toBe('2026-01-01');
    expect(entry.effective_to).toBe('2026-12-31');
    expect(entry.retain_until).toBe('2033-07-03T14:02:11.000Z');

    const pdf = (await h.sink.get(entry.key))!;
    expect(sha256Hex(pdf)).toBe(entry.sha256);
    const sidecar = JSON.parse((await h.sink.get(entry.sidecar_key!))!.toString('utf8'));
    expect(sha256Hex((await h.sink.get(entry.sidecar_key!))!)).toBe(entry.sidecar_sha256);
    expect(sidecar).toMatchObject({
      schema: 'evidence-bot/artifact/v1',
      id: spec.id,
      controls: ['CC1.4', 'CC2.2'],
      period: '2026',
      effective: { from: '2026-01-01', to: '2026-12-31' },
      captured_at: '2026-07-03T14:02:11.000Z',
      signer: spec.signer,
      payload: spec.payload,
      payload_sha256: sha256Hex(canonicalJson(spec.payload)),
      document: { key: entry.key, sha256: entry.sha256, bytes: pdf.length, content_type: 'application/pdf' },
      history: spec.history,
    });
    for (const file of filesUnder(path.join(h.dir, 'sink'))) expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(countRows(h)).toEqual({ jobs: 0, artifacts: 1, outbox: 2 });
    expect(h.db.prepare('SELECT COUNT(*) FROM outbox WHERE body IS NOT NULL').pluck().get()).toBe(0);
  });

  it('when the PDF is opened, then its metadata and every page say what it is', async () => {
    const h = evidenceHarness();
    const rows = Array.from({ length: 600 }, (_, i) => [`user${i}@example.com`, i % 50 === 0 ? 'admin' : 'member', i % 97 === 0 ? 'revoke' : 'keep']);
    const spec = sampleSpec({
      kind: 'access-review',
      controls: ['CC6.1', 'CC6.2'],
      period: '2026-Q2',
      subject: 'github',
      subjectLabel: 'GitHub',
      title: 'Access review: GitHub, 2026-Q2',
      sections: [{ heading: 'Decisions', blocks: [{ type: 'table', columns: [{ header: 'Account', width: 3 }, { header: 'Role', width: 1 }, { header: 'Decision', width: 1 }], rows }] }],
    });
    h.evidence.enqueue(spec);
    const [entry] = (await h.evidence.flush()).filed;
    const pdf = (await h.sink.get(entry!.key))!;
    const info = pdfInfo(pdf);
    expect(info.Title).toBe(`Access review: GitHub, 2026-Q2 [${spec.id}]`);
    expect(info.Subject).toBe('CC6.1 CC6.2 | period 2026-Q2 | access-review | GitHub');
    expect(info.Keywords).toBe(`CC6.1, CC6.2, 2026-Q2, access-review, github, artifact:${spec.id}, payload-sha256:${entry!.payload_sha256}`);
    expect(info.CreationDate).toBe('D:20260703140211Z');

    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(10);
    pages.forEach((texts, index) => {
      expect(texts).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(texts).toContain(`SHA-256 of the signed payload: ${entry!.payload_sha256}`);
      expect(texts).toContain(`Artifact ${spec.id}  ·  CC6.1, CC6.2  ·  2026-Q2`);
    });
    // The table header repeats on every page the table continues onto.
    const tablePages = pages.filter((texts) => texts.some((text) => /^user\d+@example\.com$/.test(text)));
    for (const texts of tablePages) expect(texts.filter((text) => text === 'Account')).toHaveLength(1);
    const accounts = pages.flat().filter((text) => /^user\d+@example\.com$/.test(text));
    expect(accounts).toEqual(rows.map((row) => row[0]));
    const last = pages.at(-1)!;
    expect(last).toEqual(expect.arrayContaining(['Signed by', 'Jane Doe', 'U012ABCDEF', '2026-07-03 14:02:11 UTC', '2026-07-03 10:02:11 America/New_York (UTC-04:00)']));
    expect(last).toEqual(expect.arrayContaining(['asked', 'answered', 'DM sent']));
  });

  it('when the same model is rendered twice, then the bytes are identical', async () => {
    const spec = sampleSpec();
    const model = {
      id: spec.id,
      organization: 'Example Inc.',
      title: spec.title,
      kind: spec.kind,
      controls: spec.controls,
      period: spec.period,
      effective: { from: '2026-01-01', to: '2026-12-31' },
      capturedAt: spec.capturedAt,
      subject: spec.subject,
      subjectLabel: spec.subjectLabel,
      sections: spec.sections,
      signer: spec.signer,
      signedAt: spec.capturedAt,
      history: spec.history,
      payloadSha256: 'ab'.repeat(32),
    };
    expect(sha256Hex(await renderPdf(model))).toBe(sha256Hex(await renderPdf(model)));
  });

  it('when a name is outside Latin-1, then a Unicode font is embedded so the name is printed as written', async () => {
    const h = evidenceHarness();
    const spec = sampleSpec({ signer: { name: 'Łukasz Żółć', email: 'lukasz@example.com', slackId: 'U012ABCDEF', timeZone: 'Europe/Warsaw' } });
    h.evidence.enqueue(spec);
    const [entry] = (await h.evidence.flush()).filed;
    const pdf = (await h.sink.get(entry!.key))!.toString('latin1');
    expect(pdf).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans\b/);
    expect(pdf).toContain('/FontFile2');
  });

  it.each([
    ['a subject with ../', { subject: '../etc' }, 'subject "../etc" is not a valid slug'],
    ['a subject with spaces', { subject: 'jane doe' }, 'subject "jane doe" is not a valid slug'],
    ['an unknown control ID', { controls: ['CC6.1', 'CC12.1'] }, 'unknown control ID "CC12.1"'],
    ['a control out of scope', { controls: ['A1.2'] }, 'control A1.2 is not in scope'],
    ['an empty signer', { signer: { name: ' ', email: 'jane@example.com', slackId: 'U012ABCDEF', timeZone: 'UTC' } }, 'signer name is empty'],
    ['a signer without email', { signer: { name: 'Jane', email: '', slackId: 'U012ABCDEF', timeZone: 'UTC' } }, 'signer email "" is not an email address'],
    ['a payload over the limit', { payload: { text: 'x'.repeat(300_000) } }, 'signed payload is 300011 bytes, over the configured limit of 262144 (evidence.maxPayloadBytes)'],
    ['a period that does not exist', { period: '2026-Q5' }, 'period "2026-Q5" is not'],
  ])('when the spec has %s, then it is refused with a clear error and nothing is written', async (_label, overrides, message) => {
    const h = evidenceHarness();
    expect(() => h.evidence.enqueue(sampleSpec(overrides as never))).toThrow(InvalidEvidenceError);
    expect(() => h.evidence.enqueue(sampleSpec(overrides as never))).toThrow(message);
    await h.evidence.flush();
    expect(countRows(h)).toEqual({ jobs: 0, artifacts: 0, outbox: 0 });
    expect(filesUnder(path.join(h.dir, 'sink'))).toEqual([]);
  });

  it('when the same response is queued twice, then one artifact is filed', async () => {
    const h = evidenceHarness();
    const spec = sampleSpec();
    expect(h.evidence.enqueue(spec)).toBe('queued');
    expect(h.evidence.enqueue({ ...spec, id: sampleSpec().id })).toBe('duplicate');
    await h.evidence.flush();
    expect(h.evidence.enqueue(spec)).toBe('duplicate');
    await h.evidence.flush();
    expect(countRows(h)).toEqual({ jobs: 0, artifacts: 1, outbox: 2 });
  });

  it('when the process stops after a response was queued, then a new process on the same file files it', async () => {
    const first = evidenceHarness();
    first.evidence.enqueue(sampleSpec());
    first.db.close();
    const { openDatabase } = await import('../../src/store/db.ts');
    const db = openDatabase(first.dbFile);
    const pipeline = new ArtifactPipeline({
      db,
      clock: first.clock,
      logger: new JsonLogger({ write: () => undefined }),
      settings: { organization: 'Example Inc.', prefix: 'evidence', retentionDays: 30, maxPayloadBytes: 262_144, controlsInScope: first.settings.controls },
    });
    expect(pipeline.pendingJobs()).toBe(1);
    const filed = await pipeline.fileDue();
    expect(filed).toHaveLength(1);
    expect(pipeline.pendingJobs()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL').pluck().get()).toBe(2);
  });
});
