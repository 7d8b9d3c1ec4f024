import type { KnownBlock } from '@slack/types';
import type { SampledArtifact, SampleReport } from '../src/audit/sample.ts';
import { packLines } from './gaps.ts';
import { escapeMrkdwn, mrkdwn, plain } from './text.ts';

/** Links shown per control and in all: the rest is one CLI command away, never an oversized message. */
export const SHOWN_PER_CONTROL = 3;
export const SHOWN_IN_ALL = 15;
const CHUNK_CHARS = 2_900;
const MAX_SECTIONS = 44;

/** The artifacts a Slack answer shows with a link (the first few of each control): links are made for these only. */
export function shownArtifacts(report: SampleReport): SampledArtifact[] {
  const shown = new Map<string, SampledArtifact>();
  for (const { artifacts } of report.controls) {
    for (const artifact of artifacts.slice(0, SHOWN_PER_CONTROL)) {
      if (shown.size >= SHOWN_IN_ALL) break;
      shown.set(artifact.id, artifact);
    }
  }
  return [...shown.values()];
}

function kindsOf(artifacts: SampledArtifact[]): string {
  const counts = new Map<string, number>();
  for (const artifact of artifacts) counts.set(artifact.kind, (counts.get(artifact.kind) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([kind, count]) => `${escapeMrkdwn(kind)} ${count}`)
    .join(', ');
}

function artifactLine(artifact: SampledArtifact, link: string | undefined): string {
  const label = escapeMrkdwn(`${artifact.kind} · ${artifact.subject} · ${artifact.period}`);
  const who = artifact.signer ? `signed by ${escapeMrkdwn(artifact.signer)}` : 'recorded by the system';
  const facts = `${who}, ${artifact.capturedAt.slice(0, 10)}`;
  if (!link) return `• ${label}: ${facts} (${artifact.stored ? 'no link' : 'not in the evidence store yet'})`;
  // Presigned URLs carry "&": Slack wants it escaped inside a link too.
  if (/^https?:\/\//.test(link)) return `• <${link.replace(/&/g, '&amp;')}|${label}>: ${facts}`;
  return `• ${label}: ${facts}\n   \`${escapeMrkdwn(link)}\``;
}

function reportsNote(report: SampleReport): string {
  const count = report.reports.length;
  return count === 0 ? '' : ` Not counted: ${count} report${count === 1 ? '' : 's'} on the evidence (${kindsOf(report.reports)}).`;
}

/**
 * The answer to `/evidence sample`: per control, how many artifacts cover the period and of
 * which kinds, the first few with a link, and the controls with none. Whatever the sample's
 * size it stays within Slack's limits (≤ 50 blocks, ≤ 3,000 characters a section); the full
 * list is one CLI command away.
 */
export function sampleMessage(input: { report: SampleReport; links: Map<string, string>; linkMinutes: number }): { text: string; blocks: KnownBlock[] } {
  const { report, links } = input;
  const { range } = report;
  const covered = report.controls.filter((entry) => entry.artifacts.length > 0);
  const chunks = covered.map(({ control, artifacts }) => {
    let chunk = `*${control}* · ${artifacts.length} artifact${artifacts.length === 1 ? '' : 's'}: ${kindsOf(artifacts)}`;
    let listed = 0;
    for (const artifact of artifacts.slice(0, SHOWN_PER_CONTROL)) {
      // Past the message's share of links (SHOWN_IN_ALL), artifacts are counted, not listed.
      if (artifact.stored && !links.has(artifact.id)) continue;
      const line = artifactLine(artifact, links.get(artifact.id));
      // A line that does not fit is left out rather than cut: a cut URL is a broken one.
      if (chunk.length + 1 + line.length > CHUNK_CHARS) break;
      chunk += `\n${line}`;
      listed += 1;
    }
    if (artifacts.length > listed) chunk += `\n…and ${artifacts.length - listed} more`;
    return chunk;
  });
  const { sections, left } = packLines(chunks, MAX_SECTIONS);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Evidence sample: ${range.label}`, 150) },
    { type: 'context', elements: [mrkdwn(`Artifacts whose effective period overlaps ${range.from} to ${range.to}: ${report.artifactCount} in all, across ${covered.length} of ${report.controls.length} control(s).${reportsNote(report)}`)] },
    ...sections.map((text): KnownBlock => ({ type: 'section', text: mrkdwn(text) })),
  ];
  if (left > 0) blocks.push({ type: 'section', text: mrkdwn(`…and ${left} more control(s) with evidence.`) });
  if (report.withoutEvidence.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn(`:warning: *No evidence covering ${escapeMrkdwn(range.label)}:* ${report.withoutEvidence.join(', ')}`) });
  }
  const anyUrl = [...links.values()].some((link) => /^https?:\/\//.test(link));
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        `${anyUrl ? `Links expire in ${input.linkMinutes} minutes. ` : ''}Every artifact with its link: \`evidence sample ${escapeMrkdwn(range.label)}\`. For the auditor: \`evidence package ${range.from} ${range.to}\`.`,
      ),
    ],
  });
  const none = report.withoutEvidence.length > 0 ? `; no evidence for ${report.withoutEvidence.join(', ')}` : '';
  return { text: `Evidence sample ${range.label}: ${report.artifactCount} artifact(s)${none}.`, blocks };
}
