import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import type { CliIo } from '../../src/cli/context.ts';
import { readLedger } from '../../src/evidence/ledger.ts';
import { evidenceHarness, sampleSpec } from '../helpers/evidence.ts';
import { startBucketControlDouble } from '../helpers/s3-control-double.ts';

function io(env: Record<string, string>, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text), env, cwd, isTTY: false };
  return { io: value, out, err };
}

async function storeWithArtifacts() {
  const h = evidenceHarness();
  h.evidence.enqueue(sampleSpec({ subject: 'ann' }));
  h.evidence.enqueue(sampleSpec({ subject: 'bob', kind: 'access-review', controls: ['CC6.1'], period: '2026-Q2' }));
  await h.evidence.flush();
  h.evidence.checkpoint();
  await h.evidence.uploader.drain();
  h.db.close();
  const env = { EVIDENCE_DB: h.dbFile, EVIDENCE_DIR: path.join(h.dir, 'sink') };
  return { h, env };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('evidence CLI', () => {
  it('when the store is untouched, then verify exits 0; when a byte flips, it exits 1 naming the artifact', async () => {
    const { h, env } = await storeWithArtifacts();
    const ok = io(env, h.dir);
    expect(await main(['verify'], ok.io)).toBe(0);
    expect(ok.out.at(-1)).toBe('OK: the ledger, every stored object and every checkpoint agree.');

    const { openDatabase } = await import('../../src/store/db.ts');
    const db = openDatabase(h.dbFile);
    const target = [...readLedger(db)][1]!;
    db.close();
    const file = path.join(h.dir, 'sink', ...target.key.split('/'));
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(100) ^ 0xff, 100);
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);

    const bad = io(env, h.dir);
    expect(await main(['verify'], bad.io)).toBe(1);
    expect(bad.out.find((line) => line.startsWith('FAIL'))).toContain(`FAIL object-altered: artifact ${target.id}: ${target.key} was altered`);
    const json = io(env, h.dir);
    expect(await main(['verify', '--json'], json.io)).toBe(1);
    expect(JSON.parse(json.out.join('\n')).findings[0]).toMatchObject({ code: 'object-altered', artifactId: target.id });
  });

  it('when a stray file sits in the evidence folder, then lint exits 1 naming it', async () => {
    const { h, env } = await storeWithArtifacts();
    const clean = io(env, h.dir);
    expect(await main(['lint'], clean.io)).toBe(0);
    mkdirSync(path.join(h.dir, 'sink', 'evidence', 'misc'), { recursive: true });
    writeFileSync(path.join(h.dir, 'sink', 'evidence', 'misc', 'Q2 review FINAL.pdf'), 'x');
    const dirty = io(env, h.dir);
    expect(await main(['lint', '--json'], dirty.io)).toBe(1);
    expect(JSON.parse(dirty.out.join('\n'))).toMatchObject({ checked: 6, problems: [{ key: 'evidence/misc/Q2 review FINAL.pdf', reason: 'too few segments: expected {prefix}/{control}/{yyyy}/{mm}/{dd}/{kind}/{file}' }] });
  });

  it('when status is asked, then it lists artifacts per control and period and the outbox backlog', async () => {
    const { h, env } = await storeWithArtifacts();
    const run = io(env, h.dir);
    expect(await main(['status', '--json'], run.io)).toBe(0);
    const status = JSON.parse(run.out.join('\n'));
    expect(status.artifacts).toBe(2);
    expect(status.byControlAndPeriod.map((row: { control: string; period: string; artifacts: number }) => [row.control, row.period, row.artifacts])).toEqual([
      ['CC1.4', '2026', 1],
      ['CC2.2', '2026', 1],
      ['CC6.1', '2026-Q2', 1],
    ]);
    expect(status.outbox.pending).toBe(0);
    const text = io(env, h.dir);
    await main(['status', 'CC6.1'], text.io);
    expect(text.out[1]).toMatch(/^CC6\.1 {3}2026-Q2 {9}1 artifact\(s\), last 2026-07-03 14:02:11 UTC$/);
  });

  it('when the config is broken, then every command exits 2 naming the file and field', async () => {
    const { h, env } = await storeWithArtifacts();
    writeFileSync(path.join(h.dir, 'evidence.config.yaml'), 'evidence:\n  retentionDays: -3\n');
    const run = io(env, h.dir);
    expect(await main(['verify'], run.io)).toBe(2);
    expect(run.err[0]).toBe(`${path.join(h.dir, 'evidence.config.yaml')} is not valid:\n  - line 2, evidence.retentionDays: Too small: expected number to be >=1`);
  });

  it('when the command is unknown, then usage is printed and the exit code is 2', async () => {
    const run = io({}, evidenceHarness().dir);
    expect(await main(['frobnicate'], run.io)).toBe(2);
    expect(run.err[0]).toContain('unknown command "frobnicate"');
  });

  it('when doctor runs on the local folder, then config, database and sink pass', async () => {
    const { h, env } = await storeWithArtifacts();
    const run = io(env, h.dir);
    expect(await main(['doctor'], run.io)).toBe(0);
    expect(run.out.map((line) => line.split(':')[0])).toEqual([
      'ok   config valid',
      'ok   database schema current',
      'ok   database in WAL mode',
      'ok   database integrity',
      'ok   folder writable',
      'ok   outbox draining',
      'All checks passed.',
    ]);
  });

  it('when the S3 bucket has no versioning or Object Lock, then doctor fails naming both', async () => {
    const { h, env } = await storeWithArtifacts();
    const control = await startBucketControlDouble({ versioning: 'Suspended', objectLock: false });
    closers.push(control.close);
    const s3env = { ...env, EVIDENCE_BUCKET: 'evidence-test', S3_ENDPOINT: control.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test-secret', AWS_REGION: 'us-east-1' };
    const bad = io(s3env, h.dir);
    expect(await main(['doctor', '--json'], bad.io)).toBe(1);
    const report = JSON.parse(bad.out.join('\n'));
    expect(report.checks.filter((check: { ok: boolean }) => !check.ok).map((check: { name: string }) => check.name)).toEqual(['versioning enabled', 'object lock enabled']);

    const good = await startBucketControlDouble({ versioning: 'Enabled', objectLock: true });
    closers.push(good.close);
    const ok = io({ ...s3env, S3_ENDPOINT: good.endpoint }, h.dir);
    expect(await main(['doctor'], ok.io)).toBe(0);
    expect(ok.out).toContain('ok   object lock enabled: Enabled; artifacts are written in COMPLIANCE mode');
  });
});
