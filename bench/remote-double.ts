import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** A Slack double running in a worker thread, driven by messages. */
export class RemoteDouble {
  private constructor(
    private readonly worker: Worker,
    readonly apiUrl: string,
  ) {}

  static async start(): Promise<RemoteDouble> {
    const worker = new Worker(new URL('./double-worker.mjs', import.meta.url));
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

  async okCalls(method: string): Promise<number> {
    return (await this.ask<{ value: number }>({ type: 'count', method })).value;
  }

  async close(): Promise<void> {
    await this.ask({ type: 'close' });
    await this.worker.terminate();
  }
}
