import type { CliContext, CliIo } from './context.ts';

/** `evidence verify`: the whole chain, every object, every checkpoint; exit 1 on any finding. */
export async function verifyCommand(ctx: CliContext, io: CliIo, json: boolean): Promise<number> {
  const report = await ctx.evidence.verify();
  if (json) {
    io.out(JSON.stringify({ sink: ctx.sink.description, ...report }, null, 2));
  } else {
    io.out(
      `Checked ${report.artifacts} ledger rows, ${report.objectsChecked} objects in ${ctx.sink.description}, ${report.objectsPending} still in the outbox, ${report.checkpoints} checkpoints.`,
    );
    for (const finding of report.findings) io.out(`FAIL ${finding.code}: ${finding.message}`);
    io.out(report.ok ? 'OK: the ledger, every stored object and every checkpoint agree.' : `${report.findings.length} problem(s) found.`);
  }
  return report.ok ? 0 : 1;
}
