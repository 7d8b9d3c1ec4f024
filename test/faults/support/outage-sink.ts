import type { PutOutcome, Sink, SinkCheck, SinkObject } from '../../../src/evidence/sinks/types.ts';

/**
 * A real sink that can be taken down: while down, every call fails as an unreachable store
 * does. It counts what reached the store, so "stored once" can be checked key by key.
 */
export class OutageSink implements Sink {
  down = false;
  failedPuts = 0;
  readonly stored = new Map<string, number>();
  readonly alreadyStored = new Map<string, number>();

  constructor(private readonly inner: Sink) {}

  get description(): string {
    return this.inner.description;
  }

  private ensureUp(): void {
    if (this.down) throw new Error(`connect ECONNREFUSED: ${this.inner.description} is unreachable`);
  }

  async put(object: SinkObject): Promise<PutOutcome> {
    if (this.down) this.failedPuts += 1;
    this.ensureUp();
    const outcome = await this.inner.put(object);
    const counts = outcome === 'stored' ? this.stored : this.alreadyStored;
    counts.set(object.key, (counts.get(object.key) ?? 0) + 1);
    return outcome;
  }

  async get(key: string): Promise<Buffer | null> {
    this.ensureUp();
    return this.inner.get(key);
  }

  async *list(prefix: string): AsyncIterable<string> {
    this.ensureUp();
    yield* this.inner.list(prefix);
  }

  async check(): Promise<SinkCheck[]> {
    if (this.down) return [{ name: 'reachable', ok: false, detail: `${this.inner.description} is unreachable` }];
    return this.inner.check();
  }

  link(key: string, ttlSeconds: number): Promise<string> {
    return this.inner.link(key, ttlSeconds);
  }
}
