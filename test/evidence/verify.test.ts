import { chmodSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/evidence/canonical-json.ts';
import { sha256Hex } from '../../src/evidence/hash.ts';
import { entryHash, readLedger, recordOf } from '../../src/evidence/ledger.ts';
import { evidenceHarness, sampleSpec } from '../helpers/evidence.ts';

async function filedStore(count = 4) {
  const h = evidenceHarness();
  for (let i = 0; i < count; i += 1) h.evidence.enqueue(sampleSpec({ subject: `person-${i}`, subjectLabel: `Person ${i}` }));
  await h.evidence.flush();
  h.evidence.checkpoint();
  await h.evidence.uploader.drain();
  const entries = [...readLedger(h.db)];
  const fileOf = (key: string) => path.join(h.dir, 'sink', ...key.split('/'));
  /** What an attacker with write access to the SQLite file can do: drop the guards. */
  const unguard = () => h.db.exec('DROP TRIGGER artifacts_append_only_update; DROP TRIGGER artifacts_append_only_delete;');
  return { h, entries, fileOf, unguard };
}

describe('evidence verify', () => {
  it('when nothing was touched, then verify passes and counts every object and checkpoint', async () => {
    const { h } = await filedStore();
    const report = await h.evidence.verify();
    expect(report).toEqual({ ok: true, artifacts: 4, objectsChecked: 8, objectsPending: 0, checkpoints: 1, findings: [] });
  });

  it('when one byte of a stored PDF is flipped, then verify names the artifact and the object', async () => {
    const { h, entries, fileOf } = await filedStore();
    const target = entries[2]!;
    const file = fileOf(target.key);
    const bytes = readFileSync(file);
    const middle = Math.floor(bytes.length / 2);
    bytes.writeUInt8(bytes.readUInt8(middle) ^ 0x01, middle);
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);
    const report = await h.evidence.verify();
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      {
        code: 'object-altered',
        seq: 3,
        artifactId: target.id,
        key: target.key,
        message: `artifact ${target.id}: ${target.key} was altered: its SHA-256 is ${sha256Hex(bytes)}, the ledger recorded ${target.sha256}`,
      },
    ]);
  });

  it('when a stored sidecar is deleted, then verify names it as missing', async () => {
    const { h, entries, fileOf } = await filedStore();
    const target = entries[0]!;
    unlinkSync(fileOf(target.sidecar_key!));
    const report = await h.evidence.verify();
    expect(report.findings.map((finding) => [finding.code, finding.artifactId, finding.key])).toEqual([['object-missing', target.id, target.sidecar_key]]);
  });

  it('when a ledger row is edited, then verify names the row and the rows after it stay linked', async () => {
    const { h, entries, unguard } = await filedStore();
    unguard();
    h.db.prepare("UPDATE artifacts SET title = 'Nothing to see' WHERE seq = 2").run();
    const report = await h.evidence.verify();
    expect(report.findings.map((finding) => [finding.code, finding.seq, finding.artifactId])).toEqual([['ledger-edited', 2, entries[1]!.id]]);
    expect(report.findings[0]!.message).toBe(`ledger row 2 (artifact ${entries[1]!.id}) was edited: its fields no longer hash to its entry hash`);
  });

  it('when ledger rows are swapped, then verify reports them out of order', async () => {
    const { h, unguard } = await filedStore();
    unguard();
    h.db.pragma('foreign_keys = OFF');
    h.db.exec('UPDATE artifacts SET seq = -1 WHERE seq = 2; UPDATE artifacts SET seq = 2 WHERE seq = 3; UPDATE artifacts SET seq = 3 WHERE seq = -1;');
    const report = await h.evidence.verify();
    const codes = report.findings.map((finding) => `${finding.code}@${finding.seq}`);
    expect(codes).toContain('ledger-order@2');
    expect(codes).toContain('ledger-order@4');
    expect(report.ok).toBe(false);
  });

  it('when the whole chain is recomputed after an edit, then the checkpoint in the sink still catches it', async () => {
    const { h, entries, unguard } = await filedStore();
    unguard();
    // Rewrite row 2 and re-hash every row from there, so the chain itself is consistent again.
    h.db.prepare("UPDATE artifacts SET title = 'Rewritten' WHERE seq = 2").run();
    let previous = entries[0]!.entry_hash;
    for (const entry of [...readLedger(h.db)]) {
      if (entry.seq === 1) continue;
      const hash = entryHash(previous, recordOf(entry));
      h.db.prepare('UPDATE artifacts SET prev_hash = ?, entry_hash = ? WHERE seq = ?').run(previous, hash, entry.seq);
      previous = hash;
    }
    const report = await h.evidence.verify();
    expect(report.findings.map((finding) => finding.code)).toEqual(['checkpoint-mismatch']);
    expect(report.findings[0]!.seq).toBe(4);
    expect(report.findings[0]!.message).toContain('anchors ledger row 4');
    expect(report.findings[0]!.message).toContain('the history up to that row was rewritten');
  });

  it('when the newest rows are deleted, then the checkpoint and the orphaned objects give it away', async () => {
    const { h, entries, unguard } = await filedStore();
    unguard();
    h.db.pragma('foreign_keys = OFF');
    h.db.exec('DELETE FROM artifact_controls WHERE artifact_seq = 4; DELETE FROM artifacts WHERE seq = 4;');
    const report = await h.evidence.verify();
    const codes = report.findings.map((finding) => `${finding.code}:${finding.key ?? ''}`);
    expect(codes).toContain(`object-unledgered:${entries[3]!.key}`);
    expect(codes).toContain(`object-unledgered:${entries[3]!.sidecar_key}`);
    expect(report.findings.find((finding) => finding.code === 'checkpoint-mismatch')?.message).toContain('but the ledger ends at row 3');
  });

  it('when objects still wait in the outbox, then verify checks them there', async () => {
    const h = evidenceHarness();
    h.evidence.enqueue(sampleSpec());
    await h.evidence.pipeline.fileDue();
    const report = await h.evidence.verify();
    expect(report).toMatchObject({ ok: true, objectsPending: 2, objectsChecked: 0 });
    h.db.prepare("UPDATE outbox SET body = CAST('forged' AS BLOB) WHERE key LIKE '%.pdf'").run();
    const after = await h.evidence.verify();
    expect(after.findings.map((finding) => finding.code)).toEqual(['object-altered']);
  });

  it('when the hash chain is recomputed by hand as VERIFY.md says, then it matches the stored entry hashes', async () => {
    const { entries } = await filedStore(2);
    const first = entries[0]!;
    const { prev_hash: _p, entry_hash: _e, ...record } = first;
    expect(sha256Hex('0'.repeat(64) + canonicalJson(record))).toBe(first.entry_hash);
  });
});
