import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

/** A fresh folder per test, removed after it (read-only evidence files included). */
export function tempDir(label = 'evidence-bot'): string {
  const dir = mkdtempSync(path.join(tmpdir(), `${label}-`));
  made.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
