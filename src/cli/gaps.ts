import { findGaps } from '../audit/gaps.ts';
import { assertInScope } from '../audit/sample.ts';
import { formatUtc } from '../time-format.ts';
import type { CliContext, CliIo } from './context.ts';

/**
 * `evidence gaps [control]`: every obligation of the observation window that is due and has no
 * evidence, then those met after their due date. Exit 1 when there is a gap (a late one is not).
 */
export async function gapsCommand(ctx: CliContext, io: CliIo, json: boolean, control?: string): Promise<number> {
  assertInScope(ctx.config.settings, control);
  const report = findGaps({ db: ctx.db, settings: ctx.config.settings, now: ctx.clock.now(), control });
  if (json) {
    io.out(JSON.stringify(report, null, 2));
    return report.gaps.length === 0 ? 0 : 1;
  }
  const { counts } = report;
  io.out(
    `Observation window ${report.window.from} to ${report.window.to}${control ? `, ${control}` : ''}: ${counts.obligations} obligation(s), ${counts.met} met (${counts.metLate} after the due date), ${counts.missing} due by ${formatUtc(report.cutoff)} without evidence, ${counts.notDue} not due yet.`,
  );
  for (const line of report.lines) io.out(`GAP ${line}`);
  for (const obligation of report.late) io.out(`LATE ${obligation.description}, due ${formatUtc(obligation.dueAt)}; first evidence ${formatUtc(obligation.evidence[0]!.capturedAt)} (${obligation.evidence[0]!.id})`);
  io.out(report.gaps.length === 0 ? 'No gaps.' : `${report.gaps.length} gap(s). \`evidence gaps --json\` lists each with its due date and the event that made it owed.`);
  return report.gaps.length === 0 ? 0 : 1;
}
