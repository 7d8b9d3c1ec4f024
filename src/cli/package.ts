import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildPackage } from '../audit/package/build.ts';
import { parseSampledRange, rangeBetween } from '../audit/range.ts';
import { DomainError } from '../errors.ts';
import type { CliContext, CliIo } from './context.ts';
import { progressBar } from './progress.ts';

/**
 * `evidence package <from> <to> [--controls CC6.1,CC6.2] [--out file.zip]`: one zip for the
 * auditor. Exit 1 when an object read back did not match the ledger or was not there (the package marks it).
 */
export async function packageCommand(ctx: CliContext, io: CliIo, json: boolean, args: string[], options: { controls?: string; out?: string }): Promise<number> {
  if (args.length === 0 || args.length > 2) throw new DomainError('usage: evidence package <from> <to> [--controls CC6.1,CC6.2] [--out file.zip]; from and to are dates (2026-06-01) or periods (2026-W23, 2026-06)', 'usage');
  const range = args.length === 2 ? rangeBetween(args[0]!, args[1]!) : parseSampledRange(args[0]!);
  const out = path.resolve(io.cwd, options.out ?? `evidence-package-${range.from}-to-${range.to}.zip`);
  if (existsSync(out)) throw new DomainError(`${out} already exists: move it away or choose another --out`, 'usage');
  const controls = options.controls?.split(',').map((control) => control.trim()).filter(Boolean);
  const bar = progressBar(io, 'Reading evidence back');
  let result;
  try {
    result = await buildPackage({ db: ctx.db, sink: ctx.sink, settings: ctx.config.settings, clock: ctx.clock }, { range, controls, out, onProgress: (done, total) => bar.update(done, total) });
  } finally {
    bar.end();
  }
  for (const problem of result.problems) io.err(problem);
  if (json) {
    io.out(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  const segment = result.segment ? `ledger rows ${result.segment.firstSeq} to ${result.segment.lastSeq}${result.segment.anchoredBy ? ', anchored by a checkpoint' : ', not anchored by a checkpoint yet'}` : 'no ledger rows';
  io.out(`Wrote ${result.file} (${(result.bytes / 1_048_576).toFixed(1)} MB): ${result.artifacts} artifact(s), ${result.files} file(s) read back from ${ctx.sink.description}, ${segment}.`);
  const { obligations } = result;
  const unverified = obligations.metUnverified > 0 ? `${obligations.metUnverified} met by an artifact that failed the read-back, ` : '';
  io.out(`Events that needed evidence: ${obligations.total}, ${obligations.met} met${obligations.metLate > 0 ? ` (${obligations.metLate} after the due date)` : ''}, ${unverified}${obligations.missing} missing, ${obligations.notDue} not due yet (index.pdf and obligations.json list each).`);
  io.out(result.ok ? 'Every object matched the SHA-256 the ledger recorded. VERIFY.md inside explains how to check it without evidence-bot.' : `${result.problems.length} PROBLEM(S): the objects above did not match the ledger or could not be read; the package marks them.`);
  return result.ok ? 0 : 1;
}
