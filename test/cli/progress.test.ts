import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/context.ts';
import { progressBar } from '../../src/cli/progress.ts';

const base: Omit<CliIo, 'progress'> = { out: () => undefined, err: () => undefined, env: {}, cwd: '/', isTTY: false };

describe('progress bar', () => {
  it('when stderr is a terminal, then the bar is redrawn in place at most ten times a second, always at the end, and closed with a newline', () => {
    const written: string[] = [];
    let now = 0;
    const bar = progressBar({ ...base, progress: { write: (text) => written.push(text), columns: 60 } }, 'Reading', () => now);
    bar.update(1, 4);
    now = 50;
    bar.update(2, 4);
    now = 150;
    bar.update(3, 4);
    now = 160;
    bar.update(4, 4);
    bar.end();
    expect(written).toEqual([`\rReading [${'#'.repeat(10)}${'-'.repeat(30)}] 1/4`, `\rReading [${'#'.repeat(30)}${'-'.repeat(10)}] 3/4`, `\rReading [${'#'.repeat(40)}] 4/4`, '\n']);
  });

  it('when stderr is not a terminal, then nothing is drawn, on stderr or stdout', () => {
    const lines: string[] = [];
    const bar = progressBar({ ...base, out: (text) => lines.push(text), err: (text) => lines.push(text) }, 'Reading');
    bar.update(1, 2);
    bar.update(2, 2);
    bar.end();
    expect(lines).toEqual([]);
  });
});
