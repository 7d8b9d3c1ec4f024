import { byAttention, checkMapping, needsAttention, type MappingReport } from '../audit/mapping/check.ts';
import { fileMappingReport, type Filing } from '../audit/mapping/file.ts';
import { modelLabel, VERDICT_LABEL } from '../audit/mapping/report-artifact.ts';
import { createSecondReader } from '../audit/mapping/second-reader/index.ts';
import { DomainError } from '../errors.ts';
import type { CliContext, CliIo } from './context.ts';

/**
 * `evidence check-mapping [--no-file]`: does each kind of evidence support the criteria it is
 * filed under? Rules decide; the model, with ANTHROPIC_API_KEY, is a second reader. The report is
 * filed as evidence unless --no-file. Exit 1 when a pair is not supported, questionable, or the
 * model disagrees with the rules.
 */
export async function checkMappingCommand(ctx: CliContext, io: CliIo, json: boolean, args: string[], options: { noFile: boolean }): Promise<number> {
  if (args.length > 0) throw new DomainError(`evidence check-mapping takes no arguments (got ${JSON.stringify(args[0])}); usage: evidence check-mapping [--json] [--no-file]`, 'usage');
  const { settings, env } = ctx.config;
  const reader = createSecondReader({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, model: settings.audit.mappingModel ?? settings.incidents.model, logger: ctx.logger });
  const report = await checkMapping({ db: ctx.db, sink: ctx.sink, clock: ctx.clock, logger: ctx.logger, settings, reader });
  const filing: Filing | null = options.noFile ? null : await fileMappingReport({ evidence: ctx.evidence, settings }, report);
  if (json) io.out(JSON.stringify({ ...report, filing }, null, 2));
  else printReport(io, report, filing);
  return report.ok ? 0 : 1;
}

function printReport(io: CliIo, report: MappingReport, filing: Filing | null): void {
  const { counts, secondReader } = report;
  io.out(`Mapping check of the observation window ${report.window.from} to ${report.window.to}: ${report.artifacts} artifact(s), ${counts.pairs} kind/criterion pair(s): ${counts.supported} supported, ${counts.questionable} questionable, ${counts.notSupported} not supported.`);
  io.out(
    secondReader.consulted > 0
      ? `Second reader ${secondReader.model}: consulted for ${secondReader.consulted} of ${counts.pairs} pair(s), agrees with ${counts.modelAgrees}, disagrees with ${counts.modelDisagrees}.`
      : `Second reader: not consulted (${secondReader.notConsulted ?? 'every call failed; see each pair'}).`,
  );
  for (const pair of byAttention(report.pairs)) {
    io.out(`${VERDICT_LABEL[pair.verdict].padEnd(13)} ${pair.kind} under ${pair.control} (${pair.artifacts} artifact(s))`);
    if (pair.verdict !== 'supported') for (const reason of pair.reasons) io.out(`    ${reason}`);
    if (needsAttention(pair) && (pair.model.consulted || secondReader.consulted > 0)) io.out(`    model: ${modelLabel(pair)}${pair.model.consulted && !pair.model.agrees ? `: ${pair.model.explanation}` : ''}`);
  }
  if (filing === null) io.out('Not filed (--no-file).');
  else if (!filing.filed) io.out(`Not filed: ${filing.reason}.`);
  else io.out(`Filed as artifact ${filing.artifactId} under ${filing.controls.join(', ')}: ${filing.key}${filing.waiting > 0 ? ` (${filing.waiting} object(s) still waiting in the outbox for the evidence store)` : ''}.`);
  io.out(report.ok ? 'Every pair is supported.' : `${report.pairs.filter(needsAttention).length} pair(s) need a person to look at them.`);
}
