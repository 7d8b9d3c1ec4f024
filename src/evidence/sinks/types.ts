/** One object on its way to write-once storage. */
export interface SinkObject {
  key: string;
  body: Buffer;
  sha256: string;
  contentType: string;
  /** S3 user metadata (x-amz-meta-*); ASCII values. */
  metadata: Record<string, string>;
  /** S3 object tags: what the object is, readable without this software. At most 10. */
  tags: Record<string, string>;
  retainUntil: Date;
}

export type PutOutcome = 'stored' | 'already-stored';

export interface SinkCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Where evidence lives for good: a local write-once folder or an S3 bucket under Object Lock. */
export interface Sink {
  readonly description: string;
  /** Stores the object once. Identical bytes already there count as success; different bytes are a conflict. */
  put(object: SinkObject): Promise<PutOutcome>;
  /** The stored bytes, or null when no object has the key. */
  get(key: string): Promise<Buffer | null>;
  list(prefix: string): AsyncIterable<string>;
  /** What `evidence doctor` reports: reachable, writable, versioned, locked. */
  check(): Promise<SinkCheck[]>;
  /** A link an auditor can open: a short-lived presigned URL on S3, a file path locally. */
  link(key: string, ttlSeconds: number): Promise<string>;
}
