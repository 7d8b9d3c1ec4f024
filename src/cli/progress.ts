import type { CliIo } from './context.ts';

export interface Progress {
  update(done: number, total: number): void;
  end(): void;
}

const quiet: Progress = { update: () => undefined, end: () => undefined };

/**
 * A one-line bar on stderr, redrawn at most ten times a second, and only when stderr is a
 * terminal: piped or logged output never gets carriage returns in it.
 */
export function progressBar(io: CliIo, label: string, now: () => number = () => performance.now()): Progress {
  const terminal = io.progress;
  if (!terminal) return quiet;
  let drawn = -Infinity;
  let shown = false;
  const draw = (done: number, total: number): void => {
    const counts = ` ${done}/${total}`;
    const width = Math.max(10, Math.min(40, terminal.columns - label.length - counts.length - 4));
    const filled = total === 0 ? width : Math.round((done / total) * width);
    terminal.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${counts}`);
    shown = true;
  };
  return {
    update(done, total) {
      const at = now();
      if (done < total && at - drawn < 100) return;
      drawn = at;
      draw(done, total);
    },
    end() {
      if (shown) terminal.write('\n');
    },
  };
}
