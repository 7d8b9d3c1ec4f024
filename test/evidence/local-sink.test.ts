import { readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SinkConflictError } from '../../src/errors.ts';
import { sha256Hex } from '../../src/evidence/hash.ts';
import { LocalSink } from '../../src/evidence/sinks/local.ts';
import { tempDir } from '../helpers/temp.ts';

const KEY = 'evidence/CC6.1/2026/07/03/access-review/github-140211Z-a7k3m9x2qp4z.pdf';

function object(body: string, key = KEY) {
  const bytes = Buffer.from(body);
  return { key, body: bytes, sha256: sha256Hex(bytes), contentType: 'application/pdf', metadata: {}, tags: {}, retainUntil: new Date('2030-01-01') };
}

describe('local write-once sink', () => {
  it('when an object is put, then it is stored read-only and listed under its key, with no temporary file left', async () => {
    const root = tempDir();
    const sink = new LocalSink(root);
    expect(await sink.put(object('first'))).toBe('stored');
    const file = path.join(root, ...KEY.split('/'));
    expect(statSync(file).mode & 0o777).toBe(0o444);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    const keys: string[] = [];
    for await (const key of sink.list('evidence/')) keys.push(key);
    expect(keys).toEqual([KEY]);
  });

  it('when the same bytes are put again, then it counts as stored; different bytes are refused and the original kept', async () => {
    const root = tempDir();
    const sink = new LocalSink(root);
    await sink.put(object('first'));
    expect(await sink.put(object('first'))).toBe('already-stored');
    await expect(sink.put(object('second'))).rejects.toBeInstanceOf(SinkConflictError);
    expect((await sink.get(KEY))!.toString()).toBe('first');
  });

  it('when a key would leave the folder or breaks the schema, then nothing is written', async () => {
    const root = tempDir();
    const sink = new LocalSink(root);
    await expect(sink.put(object('x', '../../etc/passwd'))).rejects.toThrow('refusing a key outside the evidence schema');
    await expect(sink.put(object('x', 'evidence/CC6.1/2026/07/03/access-review/../../../../x-140211Z-a7k3m9x2qp4z.pdf'))).rejects.toThrow('refusing a key');
    expect(readdirSync(root)).toEqual([]);
  });

  it('when a file is missing, then get answers null', async () => {
    const sink = new LocalSink(tempDir());
    expect(await sink.get(KEY)).toBeNull();
  });

  it('when the folder holds stray files, then list reports them so lint can name them', async () => {
    const root = tempDir();
    const sink = new LocalSink(root);
    await sink.put(object('first'));
    writeFileSync(path.join(root, 'evidence', 'notes.txt'), 'x');
    const keys: string[] = [];
    for await (const key of sink.list('')) keys.push(key);
    expect(keys.sort()).toEqual([KEY, 'evidence/notes.txt'].sort());
  });
});
