import { artifactCounts, ledgerSize } from '../evidence/inventory.ts';
import { outboxBacklog } from '../evidence/outbox.ts';
import { formatUtc } from '../time-format.ts';
import type { CliContext, CliIo } from './context.ts';

/** `evidence status [control]`: artifacts per control and period, and what waits for the sink. */
export async function statusCommand(ctx: CliContext, io: CliIo, json: boolean, control?: string): Promise<number> {
  const counts = artifactCounts(ctx.db, control);
  const backlog = outboxBacklog(ctx.db);
  const jobs = ctx.evidence.pipeline.pendingJobs();
  if (json) {
    io.out(JSON.stringify({ artifacts: ledgerSize(ctx.db), byControlAndPeriod: counts, outbox: backlog, unfiledResponses: jobs }, null, 2));
    return 0;
  }
  io.out(`Ledger: ${ledgerSize(ctx.db)} artifacts. Sink: ${ctx.sink.description}.`);
  const scope = control ? [control] : ctx.config.settings.controls;
  for (const id of scope) {
    const rows = counts.filter((row) => row.control === id);
    if (rows.length === 0) {
      io.out(`${id.padEnd(7)} no evidence yet`);
      continue;
    }
    for (const row of rows) io.out(`${row.control.padEnd(7)} ${row.period.padEnd(11)} ${String(row.artifacts).padStart(5)} artifact(s), last ${formatUtc(row.lastCapturedAt)}`);
  }
  io.out(`Outbox: ${backlog.pending} object(s) waiting${backlog.failing ? `, ${backlog.failing} failing (last error: ${backlog.lastError})` : ''}. Responses waiting to be filed: ${jobs}.`);
  return 0;
}
