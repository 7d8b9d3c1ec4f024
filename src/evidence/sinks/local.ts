import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, link, mkdir, open, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { SinkConflictError } from '../../errors.ts';
import { sha256Hex } from '../hash.ts';
import { parseKey } from '../path-schema.ts';
import type { PutOutcome, Sink, SinkCheck, SinkObject } from './types.ts';

/**
 * The default sink: a folder where every file is written once. The bytes go to a temporary
 * file first and are hard-linked into place, so a crash never leaves half a file under a real
 * key, and link() refuses to replace anything already there.
 */
export class LocalSink implements Sink {
  readonly description: string;
  private readonly root: string;
  private readonly madeDirs = new Set<string>();

  constructor(root: string) {
    this.root = path.resolve(root);
    this.description = `local folder ${this.root}`;
  }

  private pathOf(key: string): string {
    if (!parseKey(key).ok) throw new Error(`refusing a key outside the evidence schema: ${JSON.stringify(key)}`);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new Error(`key escapes the evidence folder: ${JSON.stringify(key)}`);
    return file;
  }

  async put(object: SinkObject): Promise<PutOutcome> {
    const file = this.pathOf(object.key);
    const dir = path.dirname(file);
    if (!this.madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    // Created read-only: the mode binds later opens, while this descriptor may still write.
    const handle = await open(temp, 'wx', 0o444);
    try {
      await handle.writeFile(object.body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, file);
      return 'stored';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = await readFile(file);
      if (sha256Hex(existing) !== object.sha256) throw new SinkConflictError(object.key);
      return 'already-stored';
    } finally {
      await unlink(temp);
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    const start = path.resolve(this.root, ...prefix.split('/').filter(Boolean));
    if (!start.startsWith(this.root)) return;
    yield* walk(start, this.root);
  }

  async check(): Promise<SinkCheck[]> {
    try {
      await mkdir(this.root, { recursive: true });
      await access(this.root, constants.W_OK);
      return [{ name: 'folder writable', ok: true, detail: this.root }];
    } catch (error) {
      return [{ name: 'folder writable', ok: false, detail: `${this.root}: ${(error as Error).message}` }];
    }
  }

  async link(key: string): Promise<string> {
    return this.pathOf(key);
  }
}

async function* walk(dir: string, root: string): AsyncIterable<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full, root);
    else if (entry.isFile() && !(entry.name.startsWith('.') && entry.name.endsWith('.tmp'))) yield path.relative(root, full).split(path.sep).join('/');
  }
}
