import { Worker } from 'node:worker_threads';

export interface Prepared {
  body: string;
  headers: Record<string, string>;
}

export interface LoadRun {
  ms: number[];
  errors: number;
  seconds: number;
  /** Main-thread time busy while the requests were sent: the server under test, since the others are idle. */
  serverBusyMs: number;
  /** How long the load generator's own thread was busy. */
  clientBusyMs: number;
}

type LoadMessage = { type: 'started' } | { type: 'done'; results: { ms: number; status: number }[]; seconds: number; busyMs: number };

/** One load generator thread for a whole benchmark: warm, with its connections kept open between runs. */
export class LoadGenerator {
  private readonly worker: Worker;

  constructor(concurrency: number) {
    this.worker = new Worker(new URL('./load-worker.mjs', import.meta.url), { workerData: { concurrency } });
  }

  /** Sends `requests` to `url` and reports each latency, with both threads' busy time. One run at a time. */
  async run(url: string, requests: Prepared[]): Promise<LoadRun> {
    let busyFrom = performance.eventLoopUtilization();
    const done = await new Promise<Extract<LoadMessage, { type: 'done' }>>((resolve, reject) => {
      const onMessage = (message: LoadMessage): void => {
        if (message.type === 'started') {
          busyFrom = performance.eventLoopUtilization();
          return;
        }
        this.worker.off('message', onMessage);
        this.worker.off('error', reject);
        resolve(message);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage({ type: 'run', url, requests });
    });
    const serverBusyMs = performance.eventLoopUtilization(busyFrom).active;
    return { ms: done.results.map((r) => r.ms), errors: done.results.filter((r) => r.status !== 200).length, seconds: done.seconds, serverBusyMs, clientBusyMs: done.busyMs };
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    await exited;
  }
}
