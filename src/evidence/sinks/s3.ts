import {
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SinkConflictError } from '../../errors.ts';
import { hexToBase64, sha256Hex } from '../hash.ts';
import type { PutOutcome, Sink, SinkCheck, SinkObject } from './types.ts';

export interface S3SinkOptions {
  bucket: string;
  region?: string;
  endpoint?: string;
  /** COMPLIANCE: nobody, root included, can delete or shorten retention. `off` only for stores without Object Lock. */
  objectLock: 'COMPLIANCE' | 'GOVERNANCE' | 'off';
  credentials?: S3ClientConfig['credentials'];
  maxAttempts?: number;
  requestTimeoutMs?: number;
}

/** Evidence in S3 (or an S3-compatible store): SHA-256 checksum, metadata, tags, Object Lock. */
export class S3Sink implements Sink {
  readonly description: string;
  readonly client: S3Client;

  constructor(private readonly options: S3SinkOptions) {
    this.description = `s3://${options.bucket}${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    this.client = new S3Client({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // The body is a Buffer with an explicit SHA-256; aws-chunked streaming trailers are not
      // understood by every S3-compatible store, and add nothing here.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000 },
    });
  }

  async put(object: SinkObject): Promise<PutOutcome> {
    const existing = await this.headSha(object.key);
    if (existing !== null) {
      if (existing === object.sha256) return 'already-stored';
      throw new SinkConflictError(object.key);
    }
    const lock = this.options.objectLock === 'off' ? {} : { ObjectLockMode: this.options.objectLock, ObjectLockRetainUntilDate: object.retainUntil };
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: object.key,
        Body: object.body,
        ContentType: object.contentType,
        ContentLength: object.body.length,
        ChecksumSHA256: hexToBase64(object.sha256),
        Metadata: object.metadata,
        Tagging: new URLSearchParams(object.tags).toString(),
        IfNoneMatch: '*',
        ...lock,
      }),
    );
    return 'stored';
  }

  /** The SHA-256 the object was stored with, or null when there is none at the key. */
  private async headSha(key: string): Promise<string | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key, ChecksumMode: 'ENABLED' }));
      if (head.Metadata?.sha256) return head.Metadata.sha256;
      if (head.ChecksumSHA256) return Buffer.from(head.ChecksumSHA256, 'base64').toString('hex');
      const body = await this.get(key);
      return body ? sha256Hex(body) : null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const result = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      if (!result.Body) return Buffer.alloc(0);
      return Buffer.from(await result.Body.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async *list(prefix: string): AsyncIterable<string> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const item of page.Contents ?? []) if (item.Key) yield item.Key;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async check(): Promise<SinkCheck[]> {
    const bucket = this.options.bucket;
    const checks: SinkCheck[] = [];
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: bucket }));
      checks.push({ name: 'bucket reachable', ok: true, detail: this.description });
    } catch (error) {
      checks.push({ name: 'bucket reachable', ok: false, detail: `${this.description}: ${describeError(error)}` });
      return checks;
    }
    try {
      const versioning = await this.client.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      const ok = versioning.Status === 'Enabled';
      checks.push({ name: 'versioning enabled', ok, detail: ok ? 'Enabled' : `versioning is ${versioning.Status ?? 'not configured'}; Object Lock needs it Enabled` });
    } catch (error) {
      checks.push({ name: 'versioning enabled', ok: false, detail: describeError(error) });
    }
    if (this.options.objectLock === 'off') {
      checks.push({ name: 'object lock enabled', ok: false, detail: 'evidence.objectLock is off: stored evidence can be deleted or overwritten by anyone with bucket access' });
      return checks;
    }
    try {
      const lock = await this.client.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
      const ok = lock.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
      checks.push({ name: 'object lock enabled', ok, detail: ok ? `Enabled; artifacts are written in ${this.options.objectLock} mode` : 'Object Lock is not enabled on the bucket' });
    } catch (error) {
      checks.push({ name: 'object lock enabled', ok: false, detail: describeError(error) });
    }
    return checks;
  }

  async link(key: string, ttlSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), { expiresIn: ttlSeconds });
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** AWS errors can carry request IDs and hosts but never credentials; the name and message suffice. */
export function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}${status}`;
}
