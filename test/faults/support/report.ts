import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.join(import.meta.dirname, '..', '..', '..', '.tmp', 'faults');

/**
 * Prints a suite's figures as a table (what docs/RELIABILITY.md quotes) and keeps them in
 * .tmp/faults/<suite>.json, so a fresh run can be compared with the report.
 */
export function reportFigures(suite: string, rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  mkdirSync(DIR, { recursive: true });
  writeFileSync(path.join(DIR, `${suite}.json`), `${JSON.stringify(rows, null, 2)}\n`);
  const header = Object.keys(rows[0]!);
  const cells = rows.map((row) => header.map((column) => String(row[column] ?? '')));
  const widths = header.map((column, i) => Math.max(column.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => `| ${values.map((value, i) => value.padEnd(widths[i]!)).join(' | ')} |`;
  console.log([`fault suite: ${suite}`, line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n'));
}
