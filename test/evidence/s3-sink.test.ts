import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { SinkConflictError } from '../../src/errors.ts';
import { hexToBase64, sha256Hex } from '../../src/evidence/hash.ts';
import { readLedger } from '../../src/evidence/ledger.ts';
import { evidenceHarness, sampleSpec } from '../helpers/evidence.ts';
import { startS3Double, type S3Double } from '../helpers/s3.ts';

let s3: S3Double | undefined;
afterEach(async () => {
  await s3?.stop();
  s3 = undefined;
});

describe('S3 sink against a real S3 protocol server', () => {
  it('when an artifact is uploaded, then S3 holds the bytes with metadata, SHA-256 checksum, tags and Object Lock', async () => {
    s3 = await startS3Double();
    const sink = s3.sink();
    const h = evidenceHarness({ sink });
    const spec = sampleSpec();
    h.evidence.enqueue(spec);
    const { filed, drained } = await h.evidence.flush();
    expect(drained).toEqual({ uploaded: 2, alreadyStored: 0, failed: 0 });
    const entry = filed[0]!;

    const body = await sink.get(entry.key);
    expect(sha256Hex(body!)).toBe(entry.sha256);
    const head = await sink.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: entry.key }));
    expect(head.ContentType).toBe('application/pdf');
    expect(head.Metadata).toMatchObject({
      'artifact-id': spec.id,
      controls: 'CC1.4 CC2.2',
      period: '2026',
      kind: 'acknowledgment',
      sha256: entry.sha256,
      'payload-sha256': entry.payload_sha256,
      'ledger-seq': '1',
      'ledger-entry-hash': entry.entry_hash,
      'signer-slack-id': 'U012ABCDEF',
      'request-id': spec.requestId,
    });

    // s3rver ignores these headers, so what matters is that they were sent.
    const put = s3.requests.find((request) => request.method === 'PUT' && request.url.includes(entry.key))!;
    expect(put.headers['x-amz-checksum-sha256']).toBe(hexToBase64(entry.sha256));
    expect(put.headers['x-amz-object-lock-mode']).toBe('COMPLIANCE');
    expect(put.headers['x-amz-object-lock-retain-until-date']).toBe('2033-07-03T14:02:11Z');
    expect(put.headers['if-none-match']).toBe('*');
    const tags = new URLSearchParams(String(put.headers['x-amz-tagging']));
    expect(Object.fromEntries(tags)).toEqual({
      controls: 'CC1.4 CC2.2',
      period: '2026',
      kind: 'acknowledgment',
      subject: 'jane-doe',
      'artifact-id': spec.id,
      sha256: entry.sha256,
      'payload-sha256': entry.payload_sha256,
      'ledger-seq': '1',
    });
    const got = await sink.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: entry.sidecar_key! }));
    expect(JSON.parse(await got.Body!.transformToString()).id).toBe(spec.id);
    expect((await h.evidence.verify()).ok).toBe(true);
  });

  it('when the S3 server is down, then artifacts wait in the outbox and upload once it is back, none lost or duplicated', async () => {
    s3 = await startS3Double();
    const h = evidenceHarness({ sink: s3.sink() });
    await s3.stop();
    for (let i = 0; i < 5; i += 1) h.evidence.enqueue(sampleSpec({ subject: `person-${i}` }));
    const down = await h.evidence.flush();
    expect(down.filed).toHaveLength(5);
    expect(down.drained).toEqual({ uploaded: 0, alreadyStored: 0, failed: 10 });
    expect(h.db.prepare('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL AND body IS NOT NULL AND attempts = 1').pluck().get()).toBe(10);

    // Still down an hour later: backoff keeps retrying, nothing is dropped.
    for (let minute = 0; minute < 60; minute += 1) {
      h.clock.advance(60_000);
      await h.evidence.uploader.drain();
    }
    expect(h.db.prepare('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL').pluck().get()).toBe(10);

    await s3.start();
    h.clock.advance(60_000);
    const back = await h.evidence.uploader.drain();
    expect(back).toEqual({ uploaded: 10, alreadyStored: 0, failed: 0 });
    const keys: string[] = [];
    for await (const key of s3.sink().list('evidence/')) keys.push(key);
    const ledgerKeys = [...readLedger(h.db)].flatMap((entry) => [entry.key, entry.sidecar_key!]);
    expect(keys.sort()).toEqual(ledgerKeys.sort());
    expect((await h.evidence.verify()).ok).toBe(true);
  });

  it('when an upload succeeded but was not recorded (a crash), then the retry finds the same bytes and does not duplicate', async () => {
    s3 = await startS3Double();
    const h = evidenceHarness({ sink: s3.sink() });
    h.evidence.enqueue(sampleSpec());
    await h.evidence.flush();
    h.db.prepare('UPDATE outbox SET uploaded_at = NULL').run();
    const rows = h.db.prepare('SELECT key FROM outbox').pluck().all() as string[];
    // The bodies were cleared on success; put them back as the crash would have left them.
    for (const key of rows) h.db.prepare('UPDATE outbox SET body = ? WHERE key = ?').run(await s3.sink().get(key), key);
    const retry = await h.evidence.uploader.drain();
    expect(retry).toEqual({ uploaded: 0, alreadyStored: 2, failed: 0 });
  });

  it('when different bytes already sit under the key, then the sink refuses to overwrite', async () => {
    s3 = await startS3Double();
    const sink = s3.sink({ objectLock: 'off' });
    const object = { key: 'evidence/CC6.1/2026/07/03/access-review/github-140211Z-a7k3m9x2qp4z.json', body: Buffer.from('{"a":1}'), contentType: 'application/json', metadata: {}, tags: {}, retainUntil: new Date('2030-01-01') };
    expect(await sink.put({ ...object, sha256: sha256Hex(object.body) })).toBe('stored');
    const forged = Buffer.from('{"a":2}');
    await expect(sink.put({ ...object, body: forged, sha256: sha256Hex(forged) })).rejects.toBeInstanceOf(SinkConflictError);
    expect((await sink.get(object.key))!.toString()).toBe('{"a":1}');
  });
});
