import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.ts';
import type { RenderModel } from './model.ts';
import { renderPdf } from './render.ts';

export type Renderer = (model: RenderModel) => Promise<Buffer>;

/** In the calling thread: for the CLI, tests of the renderer, and when no worker can start. */
export const renderInProcess: Renderer = renderPdf;

/**
 * Renders PDFs on a worker thread, so a 600-account review taking a few hundred milliseconds
 * never holds back a Slack ack on the main thread. One worker: the work is serial anyway, and
 * a second core is all a small deployment has. A crashed worker fails its jobs (the pipeline
 * retries them) and is replaced on the next render.
 */
export class RenderPool {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (pdf: Buffer) => void; reject: (error: Error) => void }>();

  constructor(private readonly logger: Logger) {}

  readonly render: Renderer = (model) =>
    new Promise<Buffer>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      this.ensureWorker().postMessage({ id, model });
    });

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./render-worker-entry.mjs', import.meta.url));
    worker.unref();
    worker.on('message', (message: { id: number; pdf?: Uint8Array; error?: string }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.pdf) waiting.resolve(Buffer.from(message.pdf.buffer, message.pdf.byteOffset, message.pdf.byteLength));
      else waiting.reject(new Error(message.error ?? 'the render thread failed'));
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => {
      if (code !== 0) this.fail(worker, new Error(`the render thread exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.logger.error('PDF render thread failed; pending artifacts will be retried', error);
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
