import { chmodSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMapping, type MappingReport } from '../../../src/audit/mapping/check.ts';
import { criterionText } from '../../../src/audit/mapping/criteria.ts';
import { KIND_RULES, ruleFor } from '../../../src/audit/mapping/registry.ts';
import { isControlId } from '../../../src/evidence/controls.ts';
import { JsonLogger } from '../../../src/logger.ts';
import { testSettings, sampleSpec } from '../../helpers/evidence.ts';
import { accessReview, accessSnapshot, acknowledgment, ELI, mappingStore, resolution, type MappingStore } from './fixtures.ts';

async function check(store: MappingStore): Promise<MappingReport> {
  const { h } = store;
  return checkMapping({ db: h.db, sink: h.sink, clock: h.clock, logger: new JsonLogger({ write: () => undefined }), settings: h.settings, reader: null });
}

function pair(report: MappingReport, kind: string, control: string) {
  const found = report.pairs.find((candidate) => candidate.kind === kind && candidate.control === control);
  if (!found) throw new Error(`no pair ${kind} under ${control} in ${report.pairs.map((p) => `${p.kind}/${p.control}`).join(', ')}`);
  return found;
}

describe('mapping check: the rules', () => {
  it('when acknowledgments are misfiled under CC6.1 beside correctly filed ones, then that pair is not supported, saying why and where the fix is, and the others are supported', async () => {
    const misfiled = [acknowledgment({ controls: ['CC6.1'] }), acknowledgment({ controls: ['CC6.1'] })];
    const store = await mappingStore([acknowledgment(), ...misfiled, accessReview(), accessSnapshot(), resolution()]);

    const report = await check(store);

    expect(report.pairs.map((p) => [p.kind, p.control, p.artifacts, p.verdict])).toEqual([
      ['access-review', 'CC6.1', 1, 'supported'],
      ['access-review', 'CC6.2', 1, 'supported'],
      ['access-review', 'CC6.3', 1, 'supported'],
      ['access-snapshot', 'CC6.1', 1, 'supported'],
      ['access-snapshot', 'CC6.2', 1, 'supported'],
      ['access-snapshot', 'CC6.3', 1, 'supported'],
      ['acknowledgment', 'CC1.4', 1, 'supported'],
      ['acknowledgment', 'CC2.2', 1, 'supported'],
      ['acknowledgment', 'CC6.1', 2, 'not-supported'],
      ['incident-resolution', 'CC7.3', 1, 'supported'],
      ['incident-resolution', 'CC7.4', 1, 'supported'],
    ]);
    expect(pair(report, 'acknowledgment', 'CC6.1').reasons).toEqual([
      'An acknowledgment is a person\'s statement about policies: it grants, reviews or removes no access, so it cannot show that logical access was controlled.',
      'Artifacts of the kind acknowledgment evidence CC1.1, CC1.4, CC1.5 and CC2.2. The criteria it is filed under come from acknowledgments.controls in the config.',
    ]);
    expect(pair(report, 'acknowledgment', 'CC2.2').reasons).toEqual(['The current policies are sent to every person in scope and each receipt is signed, naming the versions acknowledged.']);
    expect(pair(report, 'acknowledgment', 'CC6.1').criterion).toBe(criterionText('CC6.1'));
    expect(report.counts).toEqual({ pairs: 11, supported: 10, questionable: 0, notSupported: 1, modelAgrees: 0, modelDisagrees: 0, modelNotConsulted: 11 });
    expect(report.artifacts).toBe(6);
    expect(report.ok).toBe(false);
    expect(report.secondReader).toEqual({ model: null, consulted: 0, notConsulted: 'no ANTHROPIC_API_KEY is configured' });
    expect(report.pairs.every((p) => !p.model.consulted && p.model.reason === 'no ANTHROPIC_API_KEY is configured')).toBe(true);
  });

  it('when every kind is filed where it belongs and every artifact is sound, then every pair is supported and the report is ok', async () => {
    const report = await check(await mappingStore([acknowledgment(), accessReview(), accessSnapshot(), resolution()]));

    expect(report.pairs.every((p) => p.verdict === 'supported' && p.failing === 0)).toBe(true);
    expect(report.ok).toBe(true);
  });

  it('when a signed kind has no signer and a resolution no root cause, then those pairs are questionable, naming how many and which artifacts', async () => {
    const unsigned = acknowledgment({ signer: null });
    const noCause = resolution({ rootCause: '   ' });
    const store = await mappingStore([acknowledgment(), unsigned, resolution(), noCause]);

    const report = await check(store);

    expect(pair(report, 'acknowledgment', 'CC2.2')).toMatchObject({
      verdict: 'questionable',
      artifacts: 2,
      failing: 1,
      reasons: [
        'The current policies are sent to every person in scope and each receipt is signed, naming the versions acknowledged.',
        `Signed by nobody, though a person must sign this kind: 1 of 2 artifact(s) (${unsigned.id}).`,
      ],
    });
    expect(pair(report, 'incident-resolution', 'CC7.3').reasons.slice(1)).toEqual([`No root cause: 1 of 2 artifact(s) (${noCause.id}).`]);
    expect(pair(report, 'incident-resolution', 'CC7.4').verdict).toBe('questionable');
  });

  it('when a postmortem was signed with the template\'s prompt for the owner still in it, then its pairs are questionable', async () => {
    const postmortem = (whatWentWell: string) =>
      sampleSpec({
        kind: 'postmortem',
        controls: ['CC7.4', 'CC7.5'],
        period: '2026-02-10',
        signer: ELI,
        payload: { incident_number: 'PD-4182', summary: 'Checkout failed for an hour.', impact: 'Partial outage', timeline: '09:34 paged', root_cause: 'A pool setting.', resolution: 'Rolled back.', what_went_well: whatWentWell, what_went_wrong: 'Slow diagnosis.', action_items: [] },
      });
    const unfinished = postmortem('To be completed by the postmortem owner. What helped detection, diagnosis and recovery?');
    const report = await check(await mappingStore([postmortem('The rollback was quick.'), unfinished]));
    expect(pair(report, 'postmortem', 'CC7.4')).toMatchObject({ verdict: 'questionable', failing: 1 });
    expect(pair(report, 'postmortem', 'CC7.4').reasons.slice(1)).toEqual([`Signed with the draft's "To be completed by the postmortem owner." still in it: 1 of 2 artifact(s) (${unfinished.id}).`]);
  });

  it('when acknowledgments confirm no training, then CC1.4, which rests on the training, is questionable while CC2.2 stays supported', async () => {
    const withoutTraining = acknowledgment({ training: false });
    const report = await check(await mappingStore([acknowledgment(), withoutTraining]));

    expect(pair(report, 'acknowledgment', 'CC1.4')).toMatchObject({ verdict: 'questionable', failing: 1 });
    expect(pair(report, 'acknowledgment', 'CC1.4').reasons[1]).toBe(`Confirms no security training, which is what CC1.4 rests on: 1 of 2 artifact(s) (${withoutTraining.id}).`);
    expect(pair(report, 'acknowledgment', 'CC2.2')).toMatchObject({ verdict: 'supported', failing: 0 });
  });

  it('when an access review misses a decision, its attestation is not affirmed, a decision is neither keep nor revoke and the revocations do not match, then each is named', async () => {
    const broken = accessReview({ decisions: [{ account_id: 'ann', decision: 'keep' }, { account_id: 'bob', decision: 'maybe' }], revoked: ['lena'], attested: false, attestation: '' });
    const report = await check(await mappingStore([broken]));

    expect(pair(report, 'access-review', 'CC6.1').reasons.slice(1)).toEqual([
      `The attestation is not affirmed: 1 of 1 artifact(s) (${broken.id}).`,
      `No attestation statement: 1 of 1 artifact(s) (${broken.id}).`,
      `Not every account has a decision: 1 of 1 artifact(s) (${broken.id}).`,
      `A decision is neither keep nor revoke for a named account: 1 of 1 artifact(s) (${broken.id}).`,
      `The revoked accounts do not match the decisions: 1 of 1 artifact(s) (${broken.id}).`,
    ]);
  });

  it('when an account list does not hash to the SHA-256 it records, then the snapshot pairs are questionable', async () => {
    const tampered = accessSnapshot({ tamper: true });
    const report = await check(await mappingStore([tampered]));

    expect(pair(report, 'access-snapshot', 'CC6.2')).toMatchObject({ verdict: 'questionable', reasons: [expect.any(String), `The account list does not hash to the SHA-256 it records: 1 of 1 artifact(s) (${tampered.id}).`] });
  });

  it('when a kind has no rule, then its pairs are questionable, asking a person to judge', async () => {
    const vendor = sampleSpec({ kind: 'vendor-review', controls: ['CC6.1'], period: '2026-Q1', subject: 'acme', payload: { vendor: 'Acme' } });
    const report = await check(await mappingStore([vendor]));

    expect(report.pairs).toHaveLength(1);
    expect(report.pairs[0]).toMatchObject({ kind: 'vendor-review', control: 'CC6.1', verdict: 'questionable', what: null, reasons: ['evidence-bot has no rule for the kind "vendor-review": a person must judge whether it evidences CC6.1.'] });
    expect(report.kindsWithoutRule).toEqual(['vendor-review']);
  });

  it('when an artifact\'s JSON record is gone from the store, then its pairs are questionable and say to run evidence verify', async () => {
    const store = await mappingStore([acknowledgment(), acknowledgment()]);
    await store.h.evidence.uploader.drain();
    const gone = [...store.filed.values()][1]!;
    const file = path.join(store.h.dir, 'sink', ...gone.sidecar_key!.split('/'));
    chmodSync(path.dirname(file), 0o755);
    rmSync(file);

    const report = await check(store);

    expect(pair(report, 'acknowledgment', 'CC2.2').reasons[1]).toBe(`Its JSON record is missing from the evidence store (see evidence verify): 1 of 2 artifact(s) (${gone.id}).`);
  });

  it('when records are still in the outbox, then they are read from there, hash-checked, and judged like any other', async () => {
    const store = await mappingStore([]);
    store.h.evidence.enqueue(acknowledgment());
    await store.h.evidence.pipeline.fileDue();

    const report = await check(store);

    expect(store.h.db.prepare('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL').pluck().get()).toBe(2);
    expect(report.pairs.map((p) => [p.control, p.verdict, p.failing])).toEqual([['CC1.4', 'supported', 0], ['CC2.2', 'supported', 0]]);
  });

  it('when artifacts apply outside the observation window, then they are not checked', async () => {
    const report = await check(await mappingStore([acknowledgment(), sampleSpec({ kind: 'acknowledgment', controls: ['CC6.1'], period: '2025' })]));

    expect(report.artifacts).toBe(1);
    expect(report.pairs.map((p) => p.control)).toEqual(['CC1.4', 'CC2.2']);
  });

  it('when the ledger has nothing in the window, then there is no pair and the report is ok', async () => {
    const report = await check(await mappingStore([]));

    expect(report).toMatchObject({ artifacts: 0, pairs: [], ok: true, secondReader: { consulted: 0, notConsulted: 'no ANTHROPIC_API_KEY is configured' } });
  });
});

describe('mapping check: the rule table', () => {
  it('when the flows file under their default criteria, then every default mapping is fully supported', () => {
    const settings = testSettings('systems: [{ id: github, name: GitHub, reviewers: [U0MANAGER1] }]\npolicies: [{ id: infosec, name: Infosec, version: "1", url: "https://example.com/p" }]');
    const defaults: [string, string[]][] = [
      ['acknowledgment', settings.acknowledgments.controls],
      ['access-review', settings.systems[0]!.controls],
      ['access-snapshot', settings.systems[0]!.controls],
      ['revocation', settings.systems[0]!.controls],
      ['revocation-verified', settings.systems[0]!.controls],
      ['incident-resolution', settings.incidents.resolutionControls],
      ['postmortem', settings.incidents.postmortemControls],
      ['incident-follow-up', settings.incidents.postmortemControls],
    ];
    for (const [kind, controls] of defaults) {
      for (const control of controls) {
        const support = ruleFor(kind)?.supports[control];
        expect({ kind, control, reason: typeof support?.reason, partial: support?.partial }).toEqual({ kind, control, reason: 'string', partial: undefined });
      }
    }
  });

  it('when the table is read, then every kind appears once and every criterion it names is a real one', () => {
    const kinds = KIND_RULES.map((rule) => rule.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const rule of KIND_RULES) {
      for (const control of Object.keys(rule.supports)) expect(isControlId(control), `${rule.kind}: ${control}`).toBe(true);
      for (const key of Object.keys(rule.notFor)) expect(isControlId(key) || /^(CC\d|A1|C1|PI1|P\d)$/.test(key), `${rule.kind}: ${key}`).toBe(true);
      for (const support of Object.values(rule.supports)) expect(support.reason.length).toBeLessThanOrEqual(200);
    }
  });

  it('when the product\'s criteria are described, then each has its own text', () => {
    const used = ['CC1.1', 'CC1.2', 'CC1.3', 'CC1.4', 'CC1.5', 'CC2.1', 'CC2.2', 'CC2.3', ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => `CC6.${n}`), ...[1, 2, 3, 4, 5].map((n) => `CC7.${n}`)];
    const texts = used.map(criterionText);
    expect(new Set(texts).size).toBe(used.length);
    expect(criterionText('CC6.2')).toBe('Before issuing credentials and granting access, the entity registers and authorizes new users; credentials are removed when access is no longer authorized.');
    expect(criterionText('P4.2')).toMatch(/^Privacy: /);
  });
});
