import type { Logger } from '../logger.ts';
import { Traffic } from './traffic.ts';


/**
 * Work that follows an ack (render, hash, upload, the receipt message) runs here, after the
 * event loop has served whatever requests are waiting: acks first, paperwork after. Kicks
 * coalesce; a kick during a run causes one more run.
 */
export class Background {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
    private readonly traffic: Traffic = new Traffic(),
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.traffic.quiet();
        await this.work().catch((error: unknown) => this.logger.error('background filing failed; the next tick retries', error));
      } while (this.again);
    })().finally(() => {
      this.running = null;
    });
  }

  /** Resolves when the current run (if any) is over: for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
