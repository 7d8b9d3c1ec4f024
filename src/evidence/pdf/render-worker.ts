import { parentPort } from 'node:worker_threads';
import type { RenderModel } from './model.ts';
import { renderPdf } from './render.ts';

/** The render thread: models in, PDF bytes out (transferred, not copied). */
parentPort?.on('message', (message: { id: number; model: RenderModel }) => {
  renderPdf(message.model).then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.length);
      bytes.set(pdf);
      parentPort!.postMessage({ id: message.id, pdf: bytes }, [bytes.buffer]);
    },
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: (error as Error).message }),
  );
});
