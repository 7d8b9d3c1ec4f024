import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMapping } from '../../../src/audit/mapping/check.ts';
import { fileMappingReport } from '../../../src/audit/mapping/file.ts';
import { sampleSpec, testSettings } from '../../helpers/evidence.ts';
import { sampleFacts } from '../../../src/audit/mapping/second-reader/samples.ts';
import { buildPackage } from '../../../src/audit/package/build.ts';
import { rangeBetween } from '../../../src/audit/range.ts';
import { sampleEvidence } from '../../../src/audit/sample.ts';
import { artifactCounts } from '../../../src/evidence/inventory.ts';
import { readLedger } from '../../../src/evidence/ledger.ts';
import { buildStatus } from '../../../src/flows/status.ts';
import { JsonLogger } from '../../../src/logger.ts';
import { pdfInfo, pdfPages } from '../../helpers/pdf-text.ts';
import { tempDir } from '../../helpers/temp.ts';
import { accessReview, acknowledgment, mappingStore, type MappingStore } from './fixtures.ts';

const quiet = new JsonLogger({ write: () => undefined });

function run(s: MappingStore) {
  return checkMapping({ db: s.h.db, sink: s.h.sink, clock: s.h.clock, logger: quiet, settings: s.h.settings, reader: null });
}

describe('mapping check: the report as evidence', () => {
  it('when the report is filed, then it is a system record of the run day under the criteria it covers, its PDF says each verdict and its JSON record holds the whole report', async () => {
    const s = await mappingStore([acknowledgment(), acknowledgment({ controls: ['CC6.1'] }), accessReview()]);
    const report = await run(s);

    const filing = await fileMappingReport({ evidence: s.h.evidence, settings: s.h.settings }, report);

    if (!filing.filed) throw new Error(filing.reason);
    const entry = [...readLedger(s.h.db)].at(-1)!;
    expect(entry).toMatchObject({ id: filing.artifactId, kind: 'mapping-check', controls: ['CC1.4', 'CC2.2', 'CC6.1', 'CC6.2', 'CC6.3'], period: '2026-07-03', subject: 'evidence-mapping', signer: null, request_id: null, title: 'Evidence mapping check: 2026-01-01 to 2026-06-30' });
    expect(filing.key).toBe(`evidence/CC1.4/2026/07/03/mapping-check/evidence-mapping-140500Z-${filing.artifactId}.pdf`);
    expect(filing).toMatchObject({ uploaded: 2, waiting: 0 });

    const sidecar = JSON.parse((await s.h.sink.get(filing.sidecarKey!))!.toString('utf8')) as { payload: unknown; signer: unknown; kind: string };
    expect(sidecar.payload).toEqual(JSON.parse(JSON.stringify(report)));
    expect(sidecar).toMatchObject({ kind: 'mapping-check', signer: null });

    const pdf = (await s.h.sink.get(filing.key))!;
    const pages = pdfPages(pdf);
    const text = pages.flat();
    expect(pdfInfo(pdf).Title).toBe(`Evidence mapping check: 2026-01-01 to 2026-06-30 [${filing.artifactId}]`);
    expect(text).toContain('acknowledgment under CC6.1: NOT SUPPORTED');
    expect(text).toContain('access-review under CC6.2: supported');
    expect(text).toContain('Verdicts');
    expect(text).toContain('not consulted: no ANTHROPIC_API_KEY is configured');
    expect(text).toContain('evidence-bot, automatically: no person signed this record');
    // Pairs that need a person come first.
    const headings = text.filter((line) => / under CC\d\.\d: /.test(line));
    expect(headings[0]).toBe('acknowledgment under CC6.1: NOT SUPPORTED');
    expect(headings).toHaveLength(report.pairs.length);

    const verified = await s.h.evidence.verify();
    expect(verified.ok).toBe(true);
  });

  it('when an auditor samples the run day, then the report is listed apart and covers no criterion, and the next check does not judge it', async () => {
    const s = await mappingStore([acknowledgment()]);
    // The run day falls outside the acknowledgment's year: the report is all that was filed that day.
    s.h.clock.set('2027-01-05T10:00:00Z');
    const first = await run(s);
    const filing = await fileMappingReport({ evidence: s.h.evidence, settings: s.h.settings }, first);
    if (!filing.filed) throw new Error(filing.reason);

    const sample = sampleEvidence({ db: s.h.db, settings: s.h.settings, now: s.h.clock.now() }, { label: '2027-01-05', from: '2027-01-05', to: '2027-01-05' });
    expect(sample.reports.map((artifact) => [artifact.id, artifact.kind])).toEqual([[filing.artifactId, 'mapping-check']]);
    expect(sample.controls.flatMap((entry) => entry.artifacts)).toEqual([]);
    expect(sample.artifactCount).toBe(0);
    expect(sample.withoutEvidence).toEqual(expect.arrayContaining(['CC1.4', 'CC2.2']));
    expect(artifactCounts(s.h.db).filter((row) => row.period === '2027-01-05')).toEqual([]);
    const status = buildStatus({ db: s.h.db, clock: s.h.clock, settings: s.h.settings, upcoming: [] }, 'CC1.4');
    const out = path.join(tempDir('package'), 'day.zip');
    const packed = await buildPackage({ db: s.h.db, sink: s.h.sink, settings: s.h.settings, clock: s.h.clock }, { range: rangeBetween('2027-01-05', '2027-01-05'), out, controls: ['CC1.4', 'CC2.2'] });
    expect(packed).toMatchObject({ ok: true, artifacts: 1 });
    const unzipped = tempDir('unzipped');
    execFileSync('unzip', ['-q', out, '-d', unzipped]);
    const manifest = JSON.parse(readFileSync(path.join(unzipped, readdirSync(unzipped)[0]!, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ controls_without_evidence: ['CC1.4', 'CC2.2'], reports_on_the_evidence: [filing.artifactId], by_control: { 'CC1.4': [], 'CC2.2': [] } });
    expect(status.controls[0]).toMatchObject({ control: 'CC1.4', periodCount: 0, lastArtifact: { kind: 'acknowledgment' } });

    const windowYaml = 'audit:\n  window: { from: 2026-01-01, to: 2027-01-31 }\n';
    const wider = await checkMapping({ db: s.h.db, sink: s.h.sink, clock: s.h.clock, logger: quiet, settings: testSettings(windowYaml), reader: null });
    expect(wider.artifacts).toBe(1);
    expect(wider.pairs.map((pair) => pair.kind)).toEqual(['acknowledgment', 'acknowledgment']);
  });

  it('when nothing was checked, or nothing it covers is in scope, then it is not filed and says why', async () => {
    const empty = await mappingStore([]);
    expect(await fileMappingReport({ evidence: empty.h.evidence, settings: empty.h.settings }, await run(empty))).toEqual({ filed: false, reason: 'nothing was checked: no artifact has an effective period overlapping the observation window' });

    const s = await mappingStore([acknowledgment()]);
    const report = await run(s);
    const narrowed = { ...s.h.settings, controls: ['CC7.3'] };
    expect(await fileMappingReport({ evidence: s.h.evidence, settings: narrowed }, report)).toEqual({ filed: false, reason: 'none of the criteria it covers is in scope ("controls" in the config)' });
    expect([...readLedger(s.h.db)].map((entry) => entry.kind)).toEqual(['acknowledgment']);
  });
});

describe('mapping check: what the model is shown of an artifact', () => {
  it('when a payload holds emails, long text and long lists, then emails are masked, text is cut and lists shortened', async () => {
    const decisions = Array.from({ length: 8 }, (_, i) => ({ account_id: `user${i}@example.com`, decision: 'keep' }));
    const spec = accessReview({ decisions, attestation: 'x'.repeat(400) });
    const s = await mappingStore([spec]);
    const entry = s.filed.get(spec.id)!;
    const sidecar = JSON.parse((await s.h.sink.get(entry.sidecar_key!))!.toString('utf8')) as Record<string, unknown>;

    const facts = sampleFacts(entry, sidecar) as { payload: { decisions: unknown[]; attestation: string } };

    expect(facts.payload.decisions).toEqual([...decisions.slice(0, 5).map((decision) => ({ ...decision, account_id: '[email]' })), '… 3 more']);
    expect(facts.payload.attestation).toBe(`${'x'.repeat(300)}… (100 more characters)`);
    expect(JSON.stringify(facts)).not.toContain('example.com');
  });

  it('when a payload nests deeper than four levels, then the deeper levels are summarised', () => {
    const spec = sampleSpec({ payload: { a: { b: { c: { d: { e: 'deep' } }, list: [[[['x']]]] } } } });
    const facts = sampleFacts({ id: spec.id, kind: spec.kind, title: spec.title, controls: spec.controls, period: spec.period, captured_at: spec.capturedAt, subject: spec.subject, signer: null } as never, { payload: spec.payload });

    expect(facts.payload).toEqual({ a: { b: { c: { d: '[a nested record]' }, list: ['[a list of 1]'] } } });
  });
});
