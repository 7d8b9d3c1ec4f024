import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** One figure: `floor` is the same work done by the bare library, `ratio` = value / floor. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  floor?: number;
  ratio?: number;
  target?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function stats(samples: number[]): { median: number; p99: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p99: percentile(sorted, 99), mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function withFloor(name: string, value: number, unit: string, floor: number, target?: string, digits = 2): BenchResult {
  return { name, value: round(value, digits), unit, floor: round(floor, digits), ratio: round(value / floor), ...(target ? { target } : {}) };
}

export function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [r.name, `${r.value} ${r.unit}`, r.floor === undefined ? '' : `${r.floor} ${r.unit}`, r.ratio === undefined ? '' : `${r.ratio}×`, r.target ?? '']);
  const header = ['benchmark', 'value', 'floor', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Merges this run's figures into bench/results.json, replacing figures of the same name. */
export function saveResults(results: BenchResult[], file = path.join(import.meta.dirname, 'results.json')): void {
  mkdirSync(path.dirname(file), { recursive: true });
  let previous: BenchResult[] = [];
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as BenchResult[];
  } catch {
    previous = [];
  }
  const names = new Set(results.map((r) => r.name));
  writeFileSync(file, `${JSON.stringify([...previous.filter((r) => !names.has(r.name)), ...results], null, 2)}\n`);
}
