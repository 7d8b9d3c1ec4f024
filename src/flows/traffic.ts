/**
 * Remembers when the last Slack request arrived, so paperwork can wait for a quiet moment:
 * during a burst (everyone answering a campaign at 9 a.m.) acks come first and filing catches up
 * after. Real elapsed time, not the domain clock: this is scheduling, not evidence.
 */
export class Traffic {
  private last = -Infinity;

  mark(): void {
    this.last = performance.now();
  }

  /**
   * Waits until no request has arrived for `quietMs`, but never longer than `maxWaitMs`. With
   * `keepAlive` false the wait does not hold the process open: work that is only worth doing
   * while the bot runs (redrawing a report) must not delay its exit.
   */
  async quiet(quietMs = 25, maxWaitMs = 1_000, keepAlive = true): Promise<void> {
    const started = performance.now();
    for (;;) {
      const now = performance.now();
      const sinceLast = now - this.last;
      if (sinceLast >= quietMs || now - started >= maxWaitMs) return;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, Math.min(quietMs - sinceLast, maxWaitMs - (now - started)) + 1);
        if (!keepAlive) timer.unref();
      });
    }
  }
}
