import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPackage } from '../../src/audit/package/build.ts';
import { rangeBetween } from '../../src/audit/range.ts';
import { main } from '../../src/cli.ts';
import type { CliIo } from '../../src/cli/context.ts';
import { sha256Hex } from '../../src/evidence/hash.ts';
import { auditStore, type AuditStore } from '../helpers/audit-store.ts';
import { sampleSpec } from '../helpers/evidence.ts';
import { pdfPages } from '../helpers/pdf-text.ts';
import { tempDir } from '../helpers/temp.ts';

const JUNE = rangeBetween('2026-06-01', '2026-06-30');
const ROOT = 'evidence-package-2026-06-01-to-2026-06-30';

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Packs June and unzips it with the system's unzip, after `unzip -t` has tested every entry. */
async function packJune(store: AuditStore, options: { controls?: string[] } = {}) {
  const { h } = store;
  const out = path.join(tempDir('package'), 'june.zip');
  const progress: [number, number][] = [];
  const result = await buildPackage({ db: h.db, sink: h.sink, settings: h.settings, clock: h.clock }, { range: JUNE, out, controls: options.controls, onProgress: (done, total) => progress.push([done, total]) });
  const tested = run('unzip', ['-t', out], path.dirname(out));
  expect(tested.stdout).toContain('No errors detected in compressed data');
  const dir = tempDir('unzipped');
  expect(run('unzip', ['-q', out, '-d', dir], dir).status).toBe(0);
  const root = path.join(dir, ROOT);
  const read = (name: string) => readFileSync(path.join(root, name));
  return { result, out, root, read, progress, manifest: JSON.parse(read('manifest.json').toString()) };
}

/** The shell blocks of VERIFY.md, run as an auditor would paste them. */
function verifyBlocks(root: string): string[] {
  const doc = readFileSync(path.join(root, 'VERIFY.md'), 'utf8');
  return [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** The lines of `sha256sum -c` output that do not say OK. */
function notOk(stdout: string): string[] {
  return stdout.split('\n').filter((line) => line && !line.endsWith(': OK'));
}

/** Deletes an object from the harness's local evidence store, as a lost or wiped file would be. */
function deleteFromStore(store: AuditStore, key: string): void {
  const file = path.join(store.h.dir, 'sink', ...key.split('/'));
  chmodSync(path.dirname(file), 0o755);
  rmSync(file);
}

type ObligationRecord = { id: string; status: string; evidence_problem: string | null; evidence: { id: string; path: string | null; read_back: string | null }[] };

describe('evidence package', () => {
  it('when June is packed, then the zip opens with unzip, every hash checks with sha256sum -c, and VERIFY.md\'s commands pass', async () => {
    const store = await auditStore();
    const { result, root, read, manifest, progress } = await packJune(store);
    expect(result.ok).toBe(true);
    expect(result.problems).toEqual([]);
    // The acknowledgment (period 2026) and the Q2 review and list cover June; the Q1 review does not.
    expect(manifest.artifacts.map((artifact: { id: string }) => artifact.id).sort()).toEqual([store.ack.id, store.review.id, store.snapshot.id].sort());
    expect(manifest.by_control['CC6.1']).toEqual([store.review.id, store.snapshot.id]);
    expect(manifest.by_control['CC1.4']).toEqual([store.ack.id]);
    expect(manifest.controls_without_evidence).toEqual(['CC7.3', 'CC7.4', 'CC7.5']);
    expect(result.files).toBe(5);
    expect(progress.at(-1)).toEqual([6, 6]); // five objects and one checkpoint

    // Bytes are those of the store, and SHA256SUMS carries the ledger's hashes for them.
    expect(sha256Hex(read(store.review.key))).toBe(store.review.sha256);
    const sums = read('SHA256SUMS').toString();
    expect(sums).toContain(`${store.review.sha256}  ${store.review.key}\n`);
    expect(sums).toContain(`${store.review.sidecar_sha256}  ${store.review.sidecar_key}\n`);
    const checked = run('sha256sum', ['-c', 'SHA256SUMS'], root);
    expect(checked.status).toBe(0);
    expect(checked.stdout.trim().split('\n')).toHaveLength(11); // 5 artifact files, 1 checkpoint, 5 package files

    const blocks = verifyBlocks(root);
    expect(blocks).toHaveLength(5);
    const outputs = blocks.map((block) => run('bash', ['-c', `set -e\n${block}`], root));
    expect(outputs.map((output) => output.status)).toEqual([0, 0, 0, 0, 0]);
    expect(outputs[2]!.stdout).toBe(`chain OK, ends at ${store.h.db.prepare('SELECT entry_hash FROM artifacts ORDER BY seq DESC LIMIT 1').pluck().get()}\n`);
    expect(outputs[3]!.stdout).toBe('anchor OK\n');
    expect(outputs[4]!.stdout).toBe("PDF matches its sidecar\npayload matches the footer's hash\n");
    expect(readFileSync(path.join(root, 'VERIFY.md'), 'utf8')).not.toContain('## Problems found while packing');

    // The ledger segment runs unbroken from the first packaged row to the checkpoint.
    const rows = read('ledger-segment.jsonl').toString().trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((row: { seq: number }) => row.seq)).toEqual([1, 2, 3, 4]);
    expect(manifest.ledger).toMatchObject({ first_seq: 1, last_seq: 4, rows: 4, anchor: { head_seq: 4 } });
  });

  it('when the period had an event without evidence, then obligations.json and the index list it as missing beside the answered ones', async () => {
    const store = await auditStore();
    const { read, manifest } = await packJune(store);
    const obligations = JSON.parse(read('obligations.json').toString()) as (ObligationRecord & { gap: string | null })[];
    expect(obligations.map((o) => [o.id, o.status, o.evidence.map((e) => e.id)])).toEqual([
      ['access-review:github:2026-Q2', 'met', [store.review.id]],
      ['acknowledgment:2026:U012ABCDEF', 'met', [store.ack.id]],
      ['acknowledgment:2026:U0BOB00001', 'missing', []],
    ]);
    expect(obligations.find((o) => o.status === 'missing')!.gap).toBe('Bob Stone: no 2026 policy acknowledgment');
    expect(obligations[0]!.evidence[0]!.path).toBe(store.review.key);
    expect(obligations.map((o) => [o.evidence_problem, o.evidence.map((e) => e.read_back)])).toEqual([
      [null, ['ok']],
      [null, ['ok']],
      [null, []],
    ]);
    expect(manifest.obligations).toEqual({ file: 'obligations.json', total: 3, met: 2, met_late: 0, met_unverified: 0, missing: 1, not_due: 0 });

    // Cells wrap: a phrase may span several text runs, each ending in the space it broke at.
    const text = pdfPages(read('index.pdf')).flat().join('');
    for (const phrase of ['Evidence package: 2026-06-01 to 2026-06-30', 'CC6.1: 2 artifacts', 'Obligations3 events needed evidence: 2 met, 1 MISSING, 0 not due yet', 'Bob Stone: 2026 policy acknowledgmentCC1.4, CC2.22026 acknowledgment campaign, 2026-01-152026-01-22nothingMISSING']) {
      expect(text).toContain(phrase);
    }
    expect(text).toContain(`SHA-256 of manifest.json: ${sha256Hex(read('manifest.json'))}`);
  });

  it('when a stored object was altered, then the package says so loudly, keeps the bytes as found, and sha256sum -c fails on exactly that file', async () => {
    const store = await auditStore();
    const file = path.join(store.h.dir, 'sink', ...store.review.key.split('/'));
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(200) ^ 0xff, 200);
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);

    const { result, root, read, manifest } = await packJune(store);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([`ALTERED: artifact ${store.review.id} (access-review, github): ${store.review.key} as stored has SHA-256 ${sha256Hex(bytes)}, but ${store.review.sha256} was recorded when it was filed`]);
    const files = manifest.artifacts.find((artifact: { id: string }) => artifact.id === store.review.id).files;
    expect(files[0]).toMatchObject({ key: store.review.key, status: 'altered', sha256_recorded: store.review.sha256, sha256_read: sha256Hex(bytes) });
    const checked = run('sha256sum', ['-c', 'SHA256SUMS'], root);
    expect(checked.status).toBe(1);
    expect(notOk(checked.stdout)).toEqual([`${store.review.key}: FAILED`]);
    expect(readFileSync(path.join(root, 'VERIFY.md'), 'utf8')).toContain('## Problems found while packing');
    const ledgerCheck = run('bash', ['-c', verifyBlocks(root)[1]!], root);
    expect([ledgerCheck.status, notOk(ledgerCheck.stdout)]).toEqual([1, [`${store.review.key}: FAILED`]]);
    // Packed as found, so it has a path; but the review it answers is not plainly met.
    const review = (JSON.parse(read('obligations.json').toString()) as ObligationRecord[]).find((o) => o.id === 'access-review:github:2026-Q2')!;
    expect(review).toMatchObject({ status: 'met-unverified', evidence_problem: `artifact ${store.review.id} is ALTERED in the store`, evidence: [{ id: store.review.id, path: store.review.key, read_back: 'altered' }] });
    expect(pdfPages(read('index.pdf')).flat().join('')).toContain('met, artifact ALTERED in the store');
  });

  it('when an artifact is missing from the store, then SHA256SUMS still lists it, both offline checks fail on exactly that file, and the index and obligations do not call its event met', async () => {
    const store = await auditStore();
    deleteFromStore(store, store.review.key);

    const { result, out, root, read, manifest } = await packJune(store);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([`MISSING: artifact ${store.review.id} (access-review, github): ${store.review.key} is not in ${store.h.sink.description}`]);
    expect(result.obligations).toEqual({ total: 3, met: 1, metLate: 0, metUnverified: 1, missing: 1, notDue: 0 });

    // Not in the zip, but in SHA256SUMS with the hash the ledger recorded at filing.
    expect(run('unzip', ['-Z1', out], root).stdout.split('\n')).not.toContain(`${ROOT}/${store.review.key}`);
    expect(existsSync(path.join(root, store.review.key))).toBe(false);
    const sums = read('SHA256SUMS').toString().trim().split('\n').map((line) => line.split('  '));
    expect(sums.filter(([, name]) => name === store.review.key)).toEqual([[store.review.sha256, store.review.key]]);

    // What VERIFY.md tells the auditor to run fails on it, and only on it.
    const [sumsCheck, ledgerCheck, chain, anchor, pdf] = verifyBlocks(root).map((block) => run('bash', ['-c', block], root));
    expect([sumsCheck!.status, notOk(sumsCheck!.stdout)]).toEqual([1, [`${store.review.key}: FAILED open or read`]]);
    expect(sumsCheck!.stderr).toContain('WARNING: 1 listed file could not be read');
    expect([ledgerCheck!.status, notOk(ledgerCheck!.stdout)]).toEqual([1, [`${store.review.key}: FAILED open or read`]]);
    expect([chain!.status, anchor!.status, pdf!.status]).toEqual([0, 0, 0]);
    const verify = read('VERIFY.md').toString();
    expect(verify).toContain(`- \`${store.review.key}\`: MISSING from the store; recorded SHA-256 \`${store.review.sha256}\`\n`);
    expect(verify).toContain('Every line must say `OK`. In this package some do not: see the problems above.');

    const obligations = JSON.parse(read('obligations.json').toString()) as ObligationRecord[];
    expect(obligations.map((o) => [o.id, o.status, o.evidence_problem, o.evidence.map((e) => [e.path, e.read_back])])).toEqual([
      ['access-review:github:2026-Q2', 'met-unverified', `artifact ${store.review.id} is MISSING from the store`, [[null, 'missing']]],
      ['acknowledgment:2026:U012ABCDEF', 'met', null, [[store.ack.key, 'ok']]],
      ['acknowledgment:2026:U0BOB00001', 'missing', null, []],
    ]);
    expect(manifest.obligations).toEqual({ file: 'obligations.json', total: 3, met: 1, met_late: 0, met_unverified: 1, missing: 1, not_due: 0 });
    expect(manifest.artifacts.find((artifact: { id: string }) => artifact.id === store.review.id).files[0]).toMatchObject({ path: null, status: 'missing', sha256_recorded: store.review.sha256 });

    const text = pdfPages(read('index.pdf')).flat().join('');
    for (const phrase of [
      `Artifacts3 (4 files, read back from ${store.h.sink.description}); 1 file(s) the ledger lists are NOT IN THIS PACKAGE: see Integrity problems`,
      'Obligations3 events needed evidence: 1 met, 1 met by an artifact that failed the read-back, 1 MISSING, 0 not due yet',
      `${store.review.id}MISSING from the store`,
      `${store.review.id}met, artifact MISSING from the store`,
    ]) {
      expect(text).toContain(phrase);
    }
  });

  it('when the anchoring checkpoint is missing from the store, then VERIFY.md says the anchor cannot be shown rather than that none was written', async () => {
    const store = await auditStore();
    const checkpoint = store.h.db.prepare('SELECT key, head_seq FROM checkpoints').get() as { key: string; head_seq: number };
    deleteFromStore(store, checkpoint.key);
    const { result, root, read } = await packJune(store);
    expect(result.problems).toEqual([`MISSING: ledger checkpoint at row ${checkpoint.head_seq}: ${checkpoint.key} is not in ${store.h.sink.description}`]);
    const verify = read('VERIFY.md').toString();
    expect(verify).toContain(`The checkpoint that anchors this segment, \`${checkpoint.key}\``);
    expect(verify).not.toContain('No checkpoint has been written since');
    expect(verify).not.toContain('echo "anchor OK"');
    expect(notOk(run('sha256sum', ['-c', 'SHA256SUMS'], root).stdout)).toEqual([`${checkpoint.key}: FAILED open or read`]);
  });

  it('when an artifact has not reached the store yet, then it is named as not uploaded rather than packed from the outbox', async () => {
    const store = await auditStore();
    const late = sampleSpec({ subject: 'late-signer', capturedAt: '2026-06-20T10:00:00.000Z' });
    store.h.evidence.enqueue(late);
    await store.h.evidence.pipeline.fileDue();
    const { result, root, manifest } = await packJune(store);
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(2);
    const checked = run('sha256sum', ['-c', 'SHA256SUMS'], root);
    expect(checked.status).toBe(1);
    expect(notOk(checked.stdout).map((line) => line.replace(/^.*-(\w+)\.(pdf|json): /, '$1.$2: '))).toEqual([`${late.id}.json: FAILED open or read`, `${late.id}.pdf: FAILED open or read`]);
    expect(result.problems[0]).toMatch(new RegExp(`^NOT IN THE STORE YET: artifact ${late.id} \\(acknowledgment, late-signer\\): .*-${late.id}\\.pdf is still waiting in the outbox`));
    expect(manifest.artifacts.find((artifact: { id: string }) => artifact.id === late.id).files.map((f: { status: string; path: string | null }) => [f.status, f.path])).toEqual([
      ['not-uploaded', null],
      ['not-uploaded', null],
    ]);
    // Filed after the last checkpoint: the segment runs to the head, unanchored.
    expect(manifest.ledger.anchor).toBeNull();
  });

  it('when an event was answered after its due date, then the index and obligations.json say it was met late, and the package is still sound', async () => {
    const store = await auditStore();
    const bob = { name: 'Bob Stone', email: 'bob@example.com', slackId: 'U0BOB00001', timeZone: 'UTC' };
    store.h.evidence.enqueue(sampleSpec({ subject: 'bob-stone', signer: bob, capturedAt: '2026-02-10T15:00:00.000Z' }));
    await store.h.evidence.flush();
    await store.h.evidence.uploader.drain();
    const { result, read, manifest } = await packJune(store);
    expect(result).toMatchObject({ ok: true, obligations: { total: 3, met: 3, metLate: 1, missing: 0 } });
    expect(manifest.obligations).toMatchObject({ met: 3, met_late: 1 });
    const obligations = JSON.parse(read('obligations.json').toString()) as { subject: string; status: string; late: boolean; due_at: string }[];
    expect(obligations.filter((o) => o.late).map((o) => [o.subject, o.status, o.due_at])).toEqual([['U0BOB00001', 'met', '2026-01-22T09:00:00.000Z']]);
    const text = pdfPages(read('index.pdf')).flat().join('');
    expect(text).toContain('3 met (1 after the due date)');
    expect(text).toContain('met late');
  });

  it('when no artifact covers the range, then the package still opens, says so, lists what was owed, and its checks pass', async () => {
    const store = await auditStore();
    const out = path.join(tempDir('package'), 'empty.zip');
    const result = await buildPackage({ db: store.h.db, sink: store.h.sink, settings: store.h.settings, clock: store.h.clock }, { range: rangeBetween('2025-03-01', '2025-03-31'), out });
    // GitHub has no `since`: it owed a review for 2025-Q1, which nothing answers.
    expect(result).toMatchObject({ ok: true, artifacts: 0, files: 0, segment: null, obligations: { total: 1, met: 0, missing: 1, notDue: 0 } });
    const dir = tempDir('unzipped');
    expect(run('unzip', ['-q', out, '-d', dir], dir).status).toBe(0);
    const root = path.join(dir, 'evidence-package-2025-03-01-to-2025-03-31');
    expect(readFileSync(path.join(root, 'VERIFY.md'), 'utf8')).toContain('This package holds no artifact, so it carries no ledger rows and no checkpoint to check.');
    expect(verifyBlocks(root).map((block) => run('bash', ['-c', `set -e\n${block}`], root).status)).toEqual([0]);
    expect(readFileSync(path.join(root, 'ledger-segment.jsonl'), 'utf8')).toBe('');
  });

  it('when only some controls are asked for, then only their artifacts and obligations are packed', async () => {
    const store = await auditStore();
    const { manifest, read } = await packJune(store, { controls: ['cc6.1'] });
    expect(manifest.controls).toEqual(['CC6.1']);
    expect(manifest.artifacts.map((artifact: { id: string }) => artifact.id).sort()).toEqual([store.review.id, store.snapshot.id].sort());
    expect(JSON.parse(read('obligations.json').toString()).map((o: { id: string }) => o.id)).toEqual(['access-review:github:2026-Q2']);
  });

  it('when the CLI packs a range, then it writes the zip, refuses to overwrite it, and refuses bad input naming the accepted forms', async () => {
    const store = await auditStore();
    store.h.db.close();
    const cwd = store.h.dir;
    const lines: { out: string[]; err: string[] } = { out: [], err: [] };
    const io: CliIo = { out: (text) => lines.out.push(text), err: (text) => lines.err.push(text), env: store.env, cwd, isTTY: false };
    expect(await main(['package', '2026-06-01', '2026-06-30'], io)).toBe(0);
    const zip = path.join(cwd, 'evidence-package-2026-06-01-to-2026-06-30.zip');
    expect(existsSync(zip)).toBe(true);
    expect(lines.out[0]).toMatch(/^Wrote .*evidence-package-2026-06-01-to-2026-06-30\.zip \(\d+\.\d MB\): 3 artifact\(s\), 5 file\(s\) read back from local folder .*, ledger rows 1 to 4, anchored by a checkpoint\.$/);
    expect(lines.out[1]).toBe('Events that needed evidence: 3, 2 met, 1 missing, 0 not due yet (index.pdf and obligations.json list each).');

    lines.err.length = 0;
    expect(await main(['package', '2026-06-01', '2026-06-30'], io)).toBe(2);
    expect(lines.err).toEqual([`${zip} already exists: move it away or choose another --out`]);
    expect(await main(['package', '2026-06-31', '2026-07-30', '--out', 'x.zip'], io)).toBe(2);
    expect(lines.err.at(-1)).toBe('"2026-06-31" is not a date (2026-06-14), an ISO week (2026-W23) or a range (2026-06-01..2026-06-30); months (2026-06) and quarters (2026-Q2) work too.');
    expect(await main(['package', '2026-07-01', '2026-06-01', '--out', 'x.zip'], io)).toBe(2);
    expect(lines.err.at(-1)).toBe('"2026-07-01..2026-06-01" ends (2026-06-01) before it starts (2026-07-01).');
    expect(await main(['package', '2026-W23', '2026-W23', '--controls', 'CC9.9', '--out', 'x.zip'], io)).toBe(2);
    expect(lines.err.at(-1)).toBe('unknown control ID "CC9.9": expected a Trust Services Criterion such as CC6.1');
    expect(await main(['status', '--out', 'x.zip'], io)).toBe(2);
    expect(readdirSync(cwd).filter((name) => name.endsWith('.zip') || name.endsWith('.partial'))).toEqual(['evidence-package-2026-06-01-to-2026-06-30.zip']);
  });

  it('when the CLI packs a range with an artifact missing from the store, then it still writes the zip, names the artifact, counts its event apart and exits 1', async () => {
    const store = await auditStore();
    store.h.db.close();
    deleteFromStore(store, store.review.key);
    const lines: { out: string[]; err: string[] } = { out: [], err: [] };
    const io: CliIo = { out: (text) => lines.out.push(text), err: (text) => lines.err.push(text), env: store.env, cwd: store.h.dir, isTTY: false };
    expect(await main(['package', '2026-06-01', '2026-06-30'], io)).toBe(1);
    expect(existsSync(path.join(store.h.dir, 'evidence-package-2026-06-01-to-2026-06-30.zip'))).toBe(true);
    expect(lines.err).toEqual([`MISSING: artifact ${store.review.id} (access-review, github): ${store.review.key} is not in local folder ${path.join(store.h.dir, 'sink')}`]);
    expect(lines.out.slice(1)).toEqual([
      'Events that needed evidence: 3, 1 met, 1 met by an artifact that failed the read-back, 1 missing, 0 not due yet (index.pdf and obligations.json list each).',
      '1 PROBLEM(S): the objects above did not match the ledger or could not be read; the package marks them.',
    ]);
  });
});
