import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZipWriter } from '../../src/audit/package/zip.ts';
import { tempDir } from '../helpers/temp.ts';

function unzip(args: string[], cwd: string) {
  // Times are shown in the local zone: pin it, so the listing reads the same on every machine.
  const result = spawnSync('unzip', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1_048_576, env: { ...process.env, TZ: 'UTC' } });
  return { status: result.status, stdout: result.stdout };
}

describe('zip writer', () => {
  it('when stored and deflated entries with UTF-8 names are written, then unzip tests them and restores the same bytes and times', async () => {
    const dir = tempDir('zip');
    const file = path.join(dir, 'out.zip');
    const zip = await ZipWriter.create(file);
    const json = Buffer.from(JSON.stringify({ text: 'evidence '.repeat(500) }));
    const binary = Buffer.from(Array.from({ length: 5_000 }, (_, i) => (i * 7919) % 256));
    await zip.add('root/a/record.json', json, { compress: true, modified: new Date('2026-06-14T09:32:10Z') });
    await zip.add('root/b/document.pdf', binary, { compress: false, modified: new Date('2026-06-15T14:00:00Z') });
    await zip.add('root/Zoë Ångström.txt', Buffer.from('ü'), { compress: true, modified: new Date('2026-06-16T00:00:00Z') });
    await expect(zip.add('root/a/record.json', json, { compress: true, modified: new Date() })).rejects.toThrow('zip entry "root/a/record.json" is already in the archive');
    await expect(zip.add('../escape.txt', json, { compress: true, modified: new Date() })).rejects.toThrow('refusing a zip entry name "../escape.txt"');
    // Nothing sits under the real name until the archive is complete.
    expect(existsSync(file)).toBe(false);
    const size = await zip.finish();
    expect(readdirSync(dir)).toEqual(['out.zip']);
    expect(unzip(['-t', file], dir).stdout).toContain('No errors detected in compressed data of');
    const listing = unzip(['-Z', '-l', file], dir).stdout;
    expect(listing).toMatch(/ defN .* root\/a\/record\.json/);
    expect(listing).toMatch(/ stor .* root\/b\/document\.pdf/);
    expect(listing).toContain(`Zip file size: ${size} bytes, number of entries: 3`);
    const out = tempDir('unzipped');
    expect(unzip(['-q', file, '-d', out], out).status).toBe(0);
    expect(spawnSync('cmp', [path.join(out, 'root/b/document.pdf'), '-'], { input: binary }).status).toBe(0);
    expect(spawnSync('cmp', [path.join(out, 'root/a/record.json'), '-'], { input: json }).status).toBe(0);
    expect(readdirSync(path.join(out, 'root'))).toContain('Zoë Ångström.txt');
    expect(unzip(['-Z', '-T', file], dir).stdout).toContain('20260614.093210 root/a/record.json');
  });

  it('when an archive passes 65,535 entries, then ZIP64 records keep it readable', async () => {
    const dir = tempDir('zip64');
    const file = path.join(dir, 'many.zip');
    const zip = await ZipWriter.create(file);
    const count = 65_600;
    for (let i = 0; i < count; i += 1) await zip.add(`root/${Math.floor(i / 1000)}/${i}.json`, Buffer.from(`{"i":${i}}`), { compress: false, modified: new Date('2026-06-14T00:00:00Z') });
    await zip.finish();
    const tested = unzip(['-tq', file], dir);
    expect(tested.status).toBe(0);
    expect(tested.stdout).toContain('No errors detected in compressed data');
    expect(unzip(['-Z1', file], dir).stdout.trim().split('\n')).toHaveLength(count);
  });

  it('when the target already exists, then finishing refuses to replace it and leaves no partial file', async () => {
    const dir = tempDir('zip-exists');
    const file = path.join(dir, 'taken.zip');
    const zip = await ZipWriter.create(file);
    await zip.add('root/x.txt', Buffer.from('x'), { compress: false, modified: new Date() });
    writeFileSync(file, 'someone else');
    await expect(zip.finish()).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readdirSync(dir)).toEqual(['taken.zip']);
  });
});
