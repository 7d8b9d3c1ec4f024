import { randomBytes } from 'node:crypto';
import { link, open, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A small ZIP writer (PKWARE APPNOTE 6.3) on node:zlib, enough for an evidence package: stored
 * or deflated entries written one after another, UTF-8 names, UTC modification times, and
 * ZIP64 records once the archive passes 65,535 entries or 4 GiB, so `unzip` and every desktop
 * tool open it. Each entry is a whole Buffer (evidence objects are small), so no data
 * descriptors are needed. The file is written under a temporary name and linked into place at
 * the end: a half-written package never sits under the real name, and an existing file is
 * never replaced.
 */
export class ZipWriter {
  private offset = 0;
  /** Small writes are gathered and flushed together: one system call per ~1 MiB, not two per entry. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly central: Buffer[] = [];
  private entries = 0;
  private readonly names = new Set<string>();

  private constructor(
    private readonly handle: FileHandle,
    private readonly temp: string,
    readonly file: string,
  ) {}

  static async create(file: string): Promise<ZipWriter> {
    const target = path.resolve(file);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
    return new ZipWriter(await open(temp, 'wx', 0o644), temp, target);
  }

  /** Adds one file. `compress` deflates it unless that would not make it smaller (PDFs are compressed already). */
  async add(name: string, data: Buffer, options: { compress: boolean; modified: Date }): Promise<void> {
    if (!name || name.startsWith('/') || name.split('/').some((part) => part === '..' || part === '')) throw new Error(`refusing a zip entry name ${JSON.stringify(name)}`);
    if (this.names.has(name)) throw new Error(`zip entry ${JSON.stringify(name)} is already in the archive`);
    if (data.length >= 0xffffffff) throw new Error(`zip entry ${name} is over 4 GiB`);
    this.names.add(name);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    let method = 0;
    let body = data;
    if (options.compress && data.length > 64) {
      const deflated = deflateRawSync(data, { level: 6 });
      if (deflated.length < data.length) {
        method = 8;
        body = deflated;
      }
    }
    const { time, date } = dosDateTime(options.modified);
    const unixSeconds = Math.max(0, Math.floor(options.modified.getTime() / 1000));
    // Extended timestamp (0x5455): the modification time in UTC, which DOS time cannot say.
    const timestamp = Buffer.alloc(9);
    timestamp.writeUInt16LE(0x5455, 0);
    timestamp.writeUInt16LE(5, 2);
    timestamp.writeUInt8(1, 4);
    timestamp.writeUInt32LE(Math.min(unixSeconds, 0xffffffff), 5);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names are UTF-8
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(timestamp.length, 28);
    const headerOffset = this.offset;
    await this.write(Buffer.concat([local, nameBytes, timestamp]));
    await this.write(body);

    const zip64 = headerOffset >= 0xffffffff;
    const extra = zip64 ? Buffer.concat([timestamp, zip64Offset(headerOffset)]) : timestamp;
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE((3 << 8) | (zip64 ? 45 : 20), 4); // made by: Unix
    header.writeUInt16LE(zip64 ? 45 : 20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(time, 12);
    header.writeUInt16LE(date, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt16LE(0, 32); // comment
    header.writeUInt16LE(0, 34); // disk
    header.writeUInt16LE(0, 36); // internal attributes
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    header.writeUInt32LE(zip64 ? 0xffffffff : headerOffset, 42);
    this.central.push(header, nameBytes, extra);
    this.entries += 1;
  }

  get count(): number {
    return this.entries;
  }

  /** Writes the central directory, closes the file and links it into place; returns its size in bytes. */
  async finish(): Promise<number> {
    const centralOffset = this.offset;
    for (const part of this.central) await this.write(part);
    const centralSize = this.offset - centralOffset;
    const needs64 = this.entries > 0xfffe || centralOffset >= 0xffffffff || centralSize >= 0xffffffff;
    if (needs64) {
      const record = Buffer.alloc(56);
      record.writeUInt32LE(0x06064b50, 0);
      record.writeBigUInt64LE(44n, 4);
      record.writeUInt16LE((3 << 8) | 45, 12);
      record.writeUInt16LE(45, 14);
      record.writeUInt32LE(0, 16);
      record.writeUInt32LE(0, 20);
      record.writeBigUInt64LE(BigInt(this.entries), 24);
      record.writeBigUInt64LE(BigInt(this.entries), 32);
      record.writeBigUInt64LE(BigInt(centralSize), 40);
      record.writeBigUInt64LE(BigInt(centralOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeUInt32LE(0, 4);
      locator.writeBigUInt64LE(BigInt(this.offset), 8);
      locator.writeUInt32LE(1, 16);
      await this.write(Buffer.concat([record, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(needs64 ? 0xffff : this.entries, 8);
    end.writeUInt16LE(needs64 ? 0xffff : this.entries, 10);
    end.writeUInt32LE(needs64 ? 0xffffffff : centralSize, 12);
    end.writeUInt32LE(needs64 ? 0xffffffff : centralOffset, 16);
    await this.write(end);
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
    try {
      await link(this.temp, this.file);
    } finally {
      await unlink(this.temp).catch(() => undefined);
    }
    return this.offset;
  }

  /** Gives up: closes and removes the partial file. */
  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.temp).catch(() => undefined);
  }

  private async write(data: Buffer): Promise<void> {
    this.pending.push(data);
    this.pendingBytes += data.length;
    this.offset += data.length;
    if (this.pendingBytes >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.handle.write(data, written, data.length - written);
      written += bytesWritten;
    }
  }
}

const FLUSH_BYTES = 1_048_576;

function zip64Offset(offset: number): Buffer {
  const field = Buffer.alloc(12);
  field.writeUInt16LE(0x0001, 0);
  field.writeUInt16LE(8, 2);
  field.writeBigUInt64LE(BigInt(offset), 4);
  return field;
}

/** MS-DOS date and time fields, in UTC (the extended timestamp says so for readers that care). */
function dosDateTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}
