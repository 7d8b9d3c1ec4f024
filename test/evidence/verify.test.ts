import { appendFileSync, chmodSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckpointBody } from '../../src/evidence/checkpoint.ts';
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

/** Three rounds of two artifacts, a day apart, each anchored by a checkpoint that names the one before it. */
async function checkpointedStore() {
  const { h, fileOf, unguard } = await filedStore(0);
  for (let round = 0; round < 3; round += 1) {
    h.clock.advance(86_400_000);
    for (let i = 0; i < 2; i += 1) h.evidence.enqueue(sampleSpec({ subject: `person-${round}-${i}`, subjectLabel: `Person ${round}-${i}` }));
    await h.evidence.flush();
    h.evidence.checkpoint();
  }
  await h.evidence.uploader.drain();
  const checkpoints = h.db.prepare('SELECT key, sha256, head_seq FROM checkpoints ORDER BY id').all() as { key: string; sha256: string; head_seq: number }[];
  /** Rewrites a stored checkpoint as an attacker with write access to the sink would. */
  const rewrite = (key: string, edit: (body: CheckpointBody) => void) => {
    const file = fileOf(key);
    const body = JSON.parse(readFileSync(file, 'utf8')) as CheckpointBody;
    edit(body);
    const bytes = Buffer.from(`${JSON.stringify(body, null, 2)}\n`);
    chmodSync(file, 0o644);
    writeFileSync(file, bytes);
    return sha256Hex(bytes);
  };
  return { h, checkpoints, fileOf, rewrite, unguard };
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

  describe('when several checkpoints are stored', () => {
    it('when nothing was touched, then verify passes and counts every checkpoint', async () => {
      const { h, checkpoints } = await checkpointedStore();
      expect(checkpoints.map((checkpoint) => checkpoint.head_seq)).toEqual([2, 4, 6]);
      const report = await h.evidence.verify();
      expect(report).toEqual({ ok: true, artifacts: 6, objectsChecked: 12, objectsPending: 0, checkpoints: 3, findings: [] });
    });

    it('when a byte is appended to an older checkpoint, then both its recorded hash and the next checkpoint give it away', async () => {
      const { h, checkpoints, fileOf } = await checkpointedStore();
      const [first, second] = [checkpoints[0]!, checkpoints[1]!];
      const file = fileOf(first.key);
      chmodSync(file, 0o644);
      // A trailing space still parses as the same JSON: only the bytes tell.
      appendFileSync(file, ' ');
      const altered = sha256Hex(readFileSync(file));
      const report = await h.evidence.verify();
      expect(report.ok).toBe(false);
      expect(report.findings).toEqual([
        {
          code: 'checkpoint-altered',
          key: first.key,
          message: `checkpoint ${first.key} has SHA-256 ${altered}, but the database recorded ${first.sha256}: either the checkpoint or the database's record of it was changed after it was written`,
        },
        {
          code: 'checkpoint-chain-broken',
          key: first.key,
          message: `checkpoint ${first.key} was changed after ${second.key} was written: its SHA-256 is ${altered}, ${second.key} recorded ${first.sha256}`,
        },
      ]);
    });

    it('when the newest checkpoint has its created_at changed, then its recorded hash gives it away', async () => {
      const { h, checkpoints, rewrite } = await checkpointedStore();
      const newest = checkpoints[2]!;
      const altered = rewrite(newest.key, (body) => {
        body.created_at = '2026-07-01T00:00:00.000Z';
      });
      const report = await h.evidence.verify();
      expect(report.findings).toEqual([
        {
          code: 'checkpoint-altered',
          key: newest.key,
          message: `checkpoint ${newest.key} has SHA-256 ${altered}, but the database recorded ${newest.sha256}: either the checkpoint or the database's record of it was changed after it was written`,
        },
      ]);
    });

    it('when a checkpoint has its head_seq edited, then verify blames the checkpoint as well as the ledger', async () => {
      const { h, checkpoints, rewrite } = await checkpointedStore();
      const [second, third] = [checkpoints[1]!, checkpoints[2]!];
      let body!: CheckpointBody;
      const altered = rewrite(second.key, (edited) => {
        edited.head_seq = 3;
        body = edited;
      });
      const row3 = [...readLedger(h.db)][2]!;
      const report = await h.evidence.verify();
      expect(report.findings.map((finding) => [finding.code, finding.key])).toEqual([
        ['checkpoint-mismatch', second.key],
        ['checkpoint-altered', second.key],
        ['checkpoint-chain-broken', second.key],
      ]);
      expect(report.findings[0]).toMatchObject({ seq: 3, artifactId: row3.id });
      expect(report.findings[0]!.message).toBe(
        `checkpoint ${second.key} (written ${body.created_at}) anchors ledger row 3 at hash ${body.head_hash}, but the ledger now has ${row3.entry_hash}: ` +
          'the history up to that row was rewritten, or the checkpoint itself was changed (see its checkpoint-altered and checkpoint-chain-broken findings)',
      );
      expect(report.findings[2]!.message).toBe(`checkpoint ${second.key} was changed after ${third.key} was written: its SHA-256 is ${altered}, ${third.key} recorded ${second.sha256}`);
    });

    it('when a middle checkpoint is deleted from the sink, then the database and the next checkpoint both miss it', async () => {
      const { h, checkpoints, fileOf } = await checkpointedStore();
      const [second, third] = [checkpoints[1]!, checkpoints[2]!];
      unlinkSync(fileOf(second.key));
      const report = await h.evidence.verify();
      expect(report.checkpoints).toBe(2);
      expect(report.findings).toEqual([
        { code: 'checkpoint-missing', key: second.key, message: `checkpoint ${second.key} was written but is neither in the sink nor waiting in the outbox` },
        { code: 'checkpoint-chain-broken', key: second.key, message: `checkpoint ${third.key} names ${second.key} as the checkpoint before it, but ${second.key} is neither in the sink nor waiting in the outbox` },
      ]);
    });

    it("when a middle checkpoint is deleted from the sink and from the database, then the next checkpoint still misses it", async () => {
      const { h, checkpoints, fileOf } = await checkpointedStore();
      const [second, third] = [checkpoints[1]!, checkpoints[2]!];
      unlinkSync(fileOf(second.key));
      h.db.prepare('DELETE FROM checkpoints WHERE key = ?').run(second.key);
      const report = await h.evidence.verify();
      expect(report.findings.map((finding) => [finding.code, finding.key])).toEqual([['checkpoint-chain-broken', second.key]]);
      expect(report.findings[0]!.message).toContain(`checkpoint ${third.key} names ${second.key}`);
    });

    it("when the database's record of the newest checkpoint is deleted and a new one written, then the chain forks", async () => {
      const { h, checkpoints } = await checkpointedStore();
      const [second, third] = [checkpoints[1]!, checkpoints[2]!];
      h.db.prepare('DELETE FROM checkpoints WHERE key = ?').run(third.key);
      h.clock.advance(86_400_000);
      h.evidence.enqueue(sampleSpec({ subject: 'person-late', subjectLabel: 'Person Late' }));
      await h.evidence.flush();
      expect(h.evidence.checkpoint()?.previous?.key).toBe(second.key);
      await h.evidence.uploader.drain();
      const replacement = h.db.prepare('SELECT key FROM checkpoints ORDER BY id DESC LIMIT 1').pluck().get() as string;
      const report = await h.evidence.verify();
      expect(report.findings.map((finding) => [finding.code, finding.key])).toEqual([
        ['checkpoint-unrecorded', third.key],
        ['checkpoint-chain-forked', second.key],
      ]);
      expect(report.findings[1]!.message).toBe(`checkpoints ${third.key} and ${replacement} each name ${second.key} as the checkpoint before them: the chain of checkpoints forks there`);
    });

    it("when the database's checkpoints are wiped and a new one written, then the chain restarts", async () => {
      const { h, checkpoints } = await checkpointedStore();
      h.db.exec('DELETE FROM checkpoints');
      h.clock.advance(86_400_000);
      h.evidence.enqueue(sampleSpec({ subject: 'person-late', subjectLabel: 'Person Late' }));
      await h.evidence.flush();
      h.evidence.checkpoint();
      await h.evidence.uploader.drain();
      const restarted = h.db.prepare('SELECT key FROM checkpoints').pluck().get() as string;
      const report = await h.evidence.verify();
      expect(report.findings.map((finding) => [finding.code, finding.key])).toEqual([
        ...checkpoints.map((checkpoint) => ['checkpoint-unrecorded', checkpoint.key]),
        ['checkpoint-chain-restarted', restarted],
      ]);
      expect(report.findings[3]!.message).toBe(`checkpoint ${restarted} names no checkpoint before it, but ${checkpoints[0]!.key} was written earlier: the chain of checkpoints starts again at ${restarted}`);
    });
  });
});
