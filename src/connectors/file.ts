import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { accountsFromCsv, accountsFromJson } from './export-accounts.ts';
import { ConnectorError, type Account, type Connector } from './types.ts';

/** What the file connector needs from S3: `S3ObjectReader` over an S3Client, or a plain function in tests. */
export interface ObjectReader {
  /** Keys directly under the prefix (not in deeper "folders"), every page. */
  list(bucket: string, prefix: string): Promise<string[]>;
  /** The object's bytes, or null when there is none at the key. */
  read(bucket: string, key: string): Promise<Buffer | null>;
}

export interface FileConnectorOptions {
  /**
   * A file, a folder (the newest export by name is read), `s3://bucket/prefix/` (the newest key
   * by name) or `s3://bucket/key.csv`. Relative paths resolve against `cwd`.
   */
  path: string;
  /** Default: from the extension, else from the first character ("[" or "{" is JSON). */
  format?: 'json' | 'csv';
  cwd: string;
  /** The system's name, which prefixes every error (default "file export"). */
  system?: string;
  s3?: ObjectReader;
}

interface Located {
  name: string;
  bytes: Buffer;
}

const EXPORT_NAME = /\.(csv|json)$/i;

/**
 * Accounts from an export, for systems without an API (Vercel, Linear, Google Workspace): the
 * newest file in a folder or under an S3 prefix, so a monthly drop needs no config change.
 */
export class FileConnector implements Connector {
  private readonly system: string;
  private chosen: string | null = null;

  constructor(private readonly options: FileConnectorOptions) {
    this.system = options.system ?? 'file export';
  }

  /** Names the file actually read once listAccounts has chosen it. */
  get source(): string {
    return this.chosen ? `export ${this.chosen}` : `newest export in ${this.options.path}`;
  }

  async listAccounts(): Promise<Account[]> {
    const { name, bytes } = this.options.path.startsWith('s3://') ? await this.locateInS3(this.options.path) : await this.locateOnDisk(this.options.path);
    this.chosen = name;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw this.fail(`${name} is not UTF-8 text; export it as UTF-8 CSV or JSON`);
    }
    return this.formatOf(name, text) === 'json' ? accountsFromJson(this.system, name, text) : accountsFromCsv(this.system, name, text);
  }

  private async locateOnDisk(given: string): Promise<Located> {
    const full = path.resolve(this.options.cwd, given);
    let isFolder: boolean;
    try {
      isFolder = (await stat(full)).isDirectory();
    } catch (error) {
      throw this.fail((error as { code?: string }).code === 'ENOENT' ? `${given} does not exist` : `cannot read ${given}: ${(error as Error).message}`);
    }
    let name = given;
    if (isFolder) {
      const entries = await readdir(full, { withFileTypes: true });
      const newest = this.newest(entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
      if (!newest) throw this.fail(`no ${this.wanted()} export in ${given}`);
      name = path.join(given, newest);
    }
    try {
      return { name, bytes: await readFile(path.resolve(this.options.cwd, name)) };
    } catch (error) {
      throw this.fail(`cannot read ${name}: ${(error as Error).message}`);
    }
  }

  private async locateInS3(url: string): Promise<Located> {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(url);
    if (!match) throw this.fail(`${url} is not an s3://bucket/prefix/ location`);
    const bucket = match[1]!;
    const rest = match[2]!;
    const reader = this.options.s3;
    if (!reader) throw this.fail(`${url} is in S3 but no S3 client was configured`);
    let key = rest;
    if (!EXPORT_NAME.test(rest)) {
      const prefix = rest === '' || rest.endsWith('/') ? rest : `${rest}/`;
      let keys: string[];
      try {
        keys = await reader.list(bucket, prefix);
      } catch (error) {
        throw this.fail(`cannot list s3://${bucket}/${prefix}: ${describe(error)}`);
      }
      const newest = this.newest(keys.filter((candidate) => candidate.startsWith(prefix) && !candidate.slice(prefix.length).includes('/')).map((candidate) => candidate.slice(prefix.length)));
      if (!newest) throw this.fail(`no ${this.wanted()} export under s3://${bucket}/${prefix}`);
      key = `${prefix}${newest}`;
    }
    const name = `s3://${bucket}/${key}`;
    let bytes: Buffer | null;
    try {
      bytes = await reader.read(bucket, key);
    } catch (error) {
      throw this.fail(`cannot read ${name}: ${describe(error)}`);
    }
    if (bytes === null) throw this.fail(`${name} does not exist`);
    return { name, bytes };
  }

  /** Exports are named so that the newest sorts last (vercel-members-2026-06-30.csv); dotfiles are editors' leftovers. */
  private newest(names: string[]): string | undefined {
    const wanted = this.options.format ? new RegExp(`\\.${this.options.format}$`, 'i') : EXPORT_NAME;
    return names
      .filter((name) => !name.startsWith('.') && wanted.test(name))
      .sort()
      .at(-1);
  }

  private wanted(): string {
    return this.options.format ? `.${this.options.format}` : '.csv or .json';
  }

  private formatOf(name: string, text: string): 'json' | 'csv' {
    if (this.options.format) return this.options.format;
    const extension = EXPORT_NAME.exec(name)?.[1]?.toLowerCase();
    if (extension === 'json' || extension === 'csv') return extension;
    return /^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv';
  }

  private fail(message: string): ConnectorError {
    return new ConnectorError(this.system, message);
  }
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
}
