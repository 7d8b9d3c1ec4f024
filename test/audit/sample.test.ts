import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSampleArgs, parseSampledRange, rangeBetween } from '../../src/audit/range.ts';
import { sampleForSlack } from '../../src/audit/slack.ts';
import { main } from '../../src/cli.ts';
import type { CliIo } from '../../src/cli/context.ts';
import { sha256Hex } from '../../src/evidence/hash.ts';
import { checkBlocks } from '../../src/slack-double/index.ts';
import { sampleSpec } from '../helpers/evidence.ts';
import { auditStore } from '../helpers/audit-store.ts';
import { startS3Double, type S3Double } from '../helpers/s3.ts';

let s3: S3Double | undefined;
afterEach(async () => {
  await s3?.stop();
  s3 = undefined;
});

function cli(env: Record<string, string>, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text), env, cwd, isTTY: false };
  return { io, out, err };
}

describe('parsing what the auditor asks for', () => {
  it('when a date, an ISO week, a range or a period is given, then it becomes inclusive UTC dates', () => {
    expect(parseSampledRange('2026-06-14')).toEqual({ label: '2026-06-14', from: '2026-06-14', to: '2026-06-14' });
    expect(parseSampledRange('2026-W23')).toEqual({ label: '2026-W23', from: '2026-06-01', to: '2026-06-07' });
    expect(parseSampledRange('2026-W01')).toEqual({ label: '2026-W01', from: '2025-12-29', to: '2026-01-04' });
    expect(parseSampledRange(' 2026-06-01..2026-06-30 ')).toEqual({ label: '2026-06-01..2026-06-30', from: '2026-06-01', to: '2026-06-30' });
    expect(parseSampledRange('2026-W23..2026-W24')).toEqual({ label: '2026-W23..2026-W24', from: '2026-06-01', to: '2026-06-14' });
    expect(parseSampledRange('2026-Q2')).toEqual({ label: '2026-Q2', from: '2026-04-01', to: '2026-06-30' });
    expect(rangeBetween('2026-06', '2026-07-03')).toEqual({ label: '2026-06..2026-07-03', from: '2026-06-01', to: '2026-07-03' });
    // As typed in Slack or a shell: spaces around "..", two words, a control at the end in any case.
    expect(parseSampleArgs(['2026-06-01', '..', '2026-06-30', 'cc6.1'])).toEqual({ range: { label: '2026-06-01..2026-06-30', from: '2026-06-01', to: '2026-06-30' }, control: 'CC6.1' });
    expect(parseSampleArgs(['2026-06-01', '2026-06-30'])).toEqual({ range: { label: '2026-06-01..2026-06-30', from: '2026-06-01', to: '2026-06-30' } });
    expect(parseSampleArgs(['2026-W23', 'CC6.1'])).toEqual({ range: { label: '2026-W23', from: '2026-06-01', to: '2026-06-07' }, control: 'CC6.1' });
    expect(() => parseSampleArgs(['2026-W23', 'CC9.9'])).toThrow('unknown control ID "CC9.9": expected a Trust Services Criterion such as CC6.1');
  });

  it('when the input is not a period, then the error names the accepted forms', () => {
    const forms = 'a date (2026-06-14), an ISO week (2026-W23) or a range (2026-06-01..2026-06-30); months (2026-06) and quarters (2026-Q2) work too.';
    expect(() => parseSampledRange('2026-02-30')).toThrow(`"2026-02-30" is not ${forms}`);
    expect(() => parseSampledRange('2026-W54')).toThrow(`"2026-W54" is not ${forms}`);
    expect(() => parseSampledRange('week 23')).toThrow(`"week 23" is not ${forms}`);
    expect(() => parseSampledRange('2026-06-01..')).toThrow('"2026-06-01.." is missing one end: write a range as 2026-06-01..2026-06-30.');
    expect(() => parseSampledRange('2026-06-01..2026-06-02..2026-06-03')).toThrow(`"2026-06-01..2026-06-02..2026-06-03" is not ${forms}`);
    expect(() => parseSampledRange('2026-06-30..2026-06-01')).toThrow('"2026-06-30..2026-06-01" ends (2026-06-01) before it starts (2026-06-30).');
    expect(() => parseSampledRange('')).toThrow(`Which period? Give ${forms}`);
  });
});

describe('evidence sample', () => {
  it('when a week is sampled from the local folder, then each artifact is listed under every control it supports with its file path, and the exit code says a control had none', async () => {
    const store = await auditStore();
    store.h.db.close();
    const run = cli(store.env, store.h.dir);
    expect(await main(['sample', '2026-W25'], run.io)).toBe(1);
    expect(run.out[0]).toBe(`Sample 2026-W25: evidence whose effective period overlaps 2026-06-15 to 2026-06-21. 3 artifact(s) in local folder ${store.env.EVIDENCE_DIR}.`);
    const text = run.out.join('\n');
    expect(text).toContain(
      `\nCC6.1: 2 artifact(s)\n  ${store.snapshot.id}  access-snapshot  github  period 2026-Q2  captured 2026-06-15 13:00:00 UTC  recorded by the system  sha256 ${store.snapshot.sha256}\n    ${path.join(store.env.EVIDENCE_DIR!, store.snapshot.key)}\n` +
        `  ${store.review.id}  access-review  github  period 2026-Q2  captured 2026-06-15 14:00:00 UTC  signed by Morgan Manager  sha256 ${store.review.sha256}\n    ${path.join(store.env.EVIDENCE_DIR!, store.review.key)}\n`,
    );
    expect(text).toContain(`\nCC1.4: 1 artifact(s)\n  ${store.ack.id}  acknowledgment  jane-doe  period 2026  captured 2026-01-20 15:00:00 UTC  signed by Jane Doe`);
    expect(text).not.toContain(store.earlier.id);
    expect(run.out.at(-1)).toBe('\nNo evidence covering 2026-W25: CC7.3, CC7.4, CC7.5.');

    const one = cli(store.env, store.h.dir);
    expect(await main(['sample', '2026-W25', 'cc6.1', '--json'], one.io)).toBe(0);
    const report = JSON.parse(one.out.join('\n'));
    expect(report.controls.map((entry: { control: string; artifacts: { id: string }[] }) => [entry.control, entry.artifacts.map((artifact) => artifact.id)])).toEqual([['CC6.1', [store.snapshot.id, store.review.id]]]);
    expect(report.withoutEvidence).toEqual([]);

    const bad = cli(store.env, store.h.dir);
    expect(await main(['sample', '2026-W23', 'CC9.9'], bad.io)).toBe(2);
    expect(bad.err).toEqual(['unknown control ID "CC9.9": expected a Trust Services Criterion such as CC6.1']);
    expect(await main(['sample', 'last week'], bad.io)).toBe(2);
    expect(bad.err.at(-1)).toBe('"last week" is not a date (2026-06-14), an ISO week (2026-W23) or a range (2026-06-01..2026-06-30); months (2026-06) and quarters (2026-Q2) work too.');
  });

  it('when the evidence is in S3, then each link is presigned, expires as configured, and fetches exactly the stored bytes', async () => {
    s3 = await startS3Double();
    const store = await auditStore({ sink: s3.sink() });
    store.h.db.close();
    const env = { EVIDENCE_DB: store.h.dbFile, EVIDENCE_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
    const run = cli(env, store.h.dir);
    expect(await main(['sample', '2026-06-15..2026-06-21', 'CC6.1', '--json'], run.io)).toBe(0);
    const report = JSON.parse(run.out.join('\n'));
    const review = report.controls[0].artifacts.find((artifact: { id: string }) => artifact.id === store.review.id);
    const link = new URL(review.link);
    expect(link.origin).toBe(s3.endpoint);
    expect(link.pathname).toBe(`/${s3.bucket}/${store.review.key}`);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    const fetched = await fetch(review.link);
    expect(fetched.status).toBe(200);
    expect(sha256Hex(Buffer.from(await fetched.arrayBuffer()))).toBe(store.review.sha256);
    expect(report.linkExpiresAt).toBe(new Date(Date.parse(report.generatedAt) + 900_000).toISOString());
  });

  it('when Slack is answered from S3, then the links are presigned with "&" escaped and the message fits Slack', async () => {
    s3 = await startS3Double();
    const store = await auditStore({ sink: s3.sink() });
    const message = await sampleForSlack({ db: store.h.db, settings: store.h.settings, clock: store.h.clock, sink: store.h.sink }, parseSampledRange('2026-W25'));
    expect(checkBlocks(message.blocks, 'message')).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(`<${s3.endpoint}/${s3.bucket}/${store.review.key}?`);
    expect(text).toContain('&amp;X-Amz-');
    expect(text).toContain('|access-review · github · 2026-Q2>: signed by Morgan Manager, 2026-06-15');
    expect(text).toContain('Links expire in 15 minutes.');
  });
});

describe('evidence gaps', () => {
  it('when a person in scope never signed, then the CLI names the gap and exits 1; --json gives each with its due date and event', async () => {
    const store = await auditStore();
    store.h.db.close();
    const run = cli(store.env, store.h.dir);
    expect(await main(['gaps'], run.io)).toBe(1);
    expect(run.out).toEqual([
      'Observation window 2026-01-01 to 2026-06-30: 4 obligation(s), 3 met (0 after the due date), 1 due by 2026-07-01 00:00:00 UTC without evidence, 0 not due yet.',
      'GAP 1 employee without a 2026 policy acknowledgment: Bob Stone',
      '1 gap(s). `evidence gaps --json` lists each with its due date and the event that made it owed.',
    ]);
    const json = cli(store.env, store.h.dir);
    expect(await main(['gaps', '--json'], json.io)).toBe(1);
    const report = JSON.parse(json.out.join('\n'));
    expect(report.gaps).toEqual([
      expect.objectContaining({ id: 'acknowledgment:2026:U0BOB00001', status: 'missing', dueAt: '2026-01-22T09:00:00.000Z', event: { what: '2026 acknowledgment campaign', at: '2026-01-15T09:00:00.000Z' }, evidence: [] }),
    ]);
    const reviews = cli(store.env, store.h.dir);
    expect(await main(['gaps', 'CC6.1'], reviews.io)).toBe(0);
    expect(reviews.out.at(-1)).toBe('No gaps.');
  });

  it('when a person signed after the due date, then the CLI lists it as late, and a late signature is not a gap', async () => {
    const store = await auditStore();
    const bob = { name: 'Bob Stone', email: 'bob@example.com', slackId: 'U0BOB00001', timeZone: 'UTC' };
    const late = sampleSpec({ subject: 'bob-stone', signer: bob, capturedAt: '2026-02-10T15:00:00.000Z' });
    store.h.evidence.enqueue(late);
    await store.h.evidence.flush();
    store.h.db.close();
    const run = cli(store.env, store.h.dir);
    expect(await main(['gaps'], run.io)).toBe(0);
    expect(run.out).toEqual([
      'Observation window 2026-01-01 to 2026-06-30: 4 obligation(s), 4 met (1 after the due date), 0 due by 2026-07-01 00:00:00 UTC without evidence, 0 not due yet.',
      `LATE Bob Stone: 2026 policy acknowledgment, due 2026-01-22 09:00:00 UTC; first evidence 2026-02-10 15:00:00 UTC (${late.id})`,
      'No gaps.',
    ]);
  });
});
