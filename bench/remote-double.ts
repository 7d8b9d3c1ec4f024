import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** A Slack double running in a worker thread, driven by messages. */
export class RemoteDouble {
  private constructor(
    private readonly worker: Worker,
    readonly apiUrl: string,
  ) {}

  /** `frozenAt` stops the double's clock (ms): trigger_ids minted ahead then never expire. */
  static async start(options: { frozenAt?: number } = {}): Promise<RemoteDouble> {
    const worker = new Worker(new URL('./double-worker.mjs', import.meta.url), { workerData: options });
    const [ready] = (await once(worker, 'message')) as [{ apiUrl: string }];
    return new RemoteDouble(worker, ready.apiUrl);
  }

  private async ask<T>(message: Record<string, unknown>): Promise<T> {
    this.worker.postMessage(message);
    const [reply] = (await once(this.worker, 'message')) as [T];
    return reply;
  }

  async addUsers(ids: string[]): Promise<void> {
    await this.ask({ type: 'addUsers', ids });
  }

  async addChannel(channel: { id: string; name: string }): Promise<void> {
    await this.ask({ type: 'addChannel', channel });
  }

  /** A trigger_id for each user, as Slack mints one per click. */
  async triggers(userIds: string[]): Promise<string[]> {
    return (await this.ask<{ value: string[] }>({ type: 'triggers', userIds })).value;
  }

  /** Calls of `method` the double accepted, those whose text starts with `textPrefix` when given. */
  async okCalls(method: string, textPrefix?: string): Promise<number> {
    return (await this.ask<{ value: number }>({ type: 'count', method, textPrefix })).value;
  }

  async close(): Promise<void> {
    await this.ask({ type: 'close' });
    await this.worker.terminate();
  }
}
