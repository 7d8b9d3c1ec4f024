import { linksFor, sampleEvidence, type SampledArtifact } from '../audit/sample.ts';
import { parseSampleArgs } from '../audit/range.ts';
import { formatUtc } from '../time-format.ts';
import type { CliContext, CliIo } from './context.ts';

/**
 * `evidence sample <date|week|from..to> [control]`: every artifact whose effective period covers
 * the range, per control, each with a link (presigned on S3, a path locally), and the controls
 * with none. Exit 1 when a control asked about has no evidence for the range.
 */
export async function sampleCommand(ctx: CliContext, io: CliIo, json: boolean, args: string[]): Promise<number> {
  const { range, control } = parseSampleArgs(args);
  const now = ctx.clock.now();
  const report = sampleEvidence({ db: ctx.db, settings: ctx.config.settings, now }, range, control);
  const ttlSeconds = Math.round(ctx.config.settings.audit.linkExpiry / 1000);
  const links = await linksFor(ctx.sink, [...report.controls.flatMap((entry) => entry.artifacts), ...report.reports], ttlSeconds);
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  if (json) {
    io.out(
      JSON.stringify(
        {
          ...report,
          evidenceStore: ctx.sink.description,
          linkExpiresAt: expiresAt,
          controls: report.controls.map((entry) => ({ ...entry, artifacts: entry.artifacts.map((artifact) => ({ ...artifact, link: links.get(artifact.id) ?? null })) })),
          reports: report.reports.map((artifact) => ({ ...artifact, link: links.get(artifact.id) ?? null })),
        },
        null,
        2,
      ),
    );
    return report.withoutEvidence.length === 0 ? 0 : 1;
  }
  io.out(`Sample ${range.label}: evidence whose effective period overlaps ${range.from} to ${range.to}. ${report.artifactCount} artifact(s) in ${ctx.sink.description}.`);
  for (const { control, artifacts } of report.controls) {
    if (artifacts.length === 0) continue;
    io.out(`\n${control}: ${artifacts.length} artifact(s)`);
    for (const artifact of artifacts) printArtifact(io, artifact, links);
  }
  if (report.reports.length > 0) {
    io.out(`\nReports on the evidence filed under these controls (not counted as any control's evidence): ${report.reports.length}`);
    for (const artifact of report.reports) printArtifact(io, artifact, links);
  }
  if ([...links.values()].some((link) => link.startsWith('http'))) io.out(`\nLinks are presigned and expire at ${formatUtc(expiresAt)}.`);
  io.out(report.withoutEvidence.length === 0 ? `\nEvery control asked about has evidence covering ${range.label}.` : `\nNo evidence covering ${range.label}: ${report.withoutEvidence.join(', ')}.`);
  return report.withoutEvidence.length === 0 ? 0 : 1;
}

function printArtifact(io: CliIo, artifact: SampledArtifact, links: Map<string, string>): void {
  io.out(`  ${artifact.id}  ${artifact.kind}  ${artifact.subject}  period ${artifact.period}  captured ${formatUtc(artifact.capturedAt)}  ${artifact.signer ? `signed by ${artifact.signer}` : 'recorded by the system'}  sha256 ${artifact.sha256}`);
  io.out(`    ${links.get(artifact.id) ?? 'not in the evidence store yet: still waiting in the outbox'}`);
}
