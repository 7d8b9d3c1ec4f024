import type { KnownBlock } from '@slack/types';
import type { GapReport, GapSummary } from '../src/audit/gaps.ts';
import { escapeMrkdwn, mrkdwn, plain } from './text.ts';

const STATUS_LINES = 8;
const SECTION_CHARS = 2_900;
/** Header, context and the closing context leave this many blocks for gap lines (≤ 50 per message). */
const MAX_SECTIONS = 45;

/** " (2 after their due date)": late evidence is an exception an auditor asks about, so it is never folded into "met". */
function lateNote(counts: GapReport['counts']): string {
  return counts.metLate > 0 ? ` (${counts.metLate} after ${counts.metLate === 1 ? 'its' : 'their'} due date)` : '';
}

/** The gaps part of `/evidence status` and of the admin App Home: one section. */
export function gapStatusBlock(summary: GapSummary): KnownBlock {
  if (summary.problem) return { type: 'section', text: mrkdwn(`:warning: *Gaps:* cannot be listed: ${escapeMrkdwn(summary.problem)}`) };
  const window = `${summary.window!.from} to ${summary.window!.to}`;
  if (summary.counts.missing === 0) return { type: 'section', text: mrkdwn(`:white_check_mark: *No gaps* in the observation window (${window}): ${summary.counts.met} of ${summary.counts.obligations} obligations met${lateNote(summary.counts)}, ${summary.counts.notDue} not due yet.`) };
  const shown = summary.lines.slice(0, STATUS_LINES).map((line) => `• ${escapeMrkdwn(line)}`);
  const more = summary.lines.length > STATUS_LINES ? `\n…and ${summary.lines.length - STATUS_LINES} more: \`evidence gaps\` lists them all.` : '';
  return { type: 'section', text: mrkdwn(`:warning: *${summary.counts.missing} gap${summary.counts.missing === 1 ? '' : 's'}* in the observation window (${window}):\n${shown.join('\n')}${more}`) };
}

/** Lines packed into as few sections as fit Slack's 3,000 characters each. */
export function packLines(lines: string[], maxSections: number): { sections: string[]; left: number } {
  const sections: string[] = [];
  let current = '';
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!.length > SECTION_CHARS ? `${lines[index]!.slice(0, SECTION_CHARS - 1)}…` : lines[index]!;
    if (current && current.length + 1 + line.length > SECTION_CHARS) {
      sections.push(current);
      current = '';
      if (sections.length === maxSections) return { sections, left: lines.length - index };
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) sections.push(current);
  return { sections, left: 0 };
}

/** The weekly digest to the compliance channel: every gap line, paged into sections, never over 50 blocks. */
export function gapDigestMessage(report: GapReport): { text: string; blocks: KnownBlock[] } {
  const window = `${report.window.from} to ${report.window.to}`;
  const { counts } = report;
  const summary = `${counts.missing} gap${counts.missing === 1 ? '' : 's'} in the observation window (${window}); ${counts.met} of ${counts.obligations} obligations met${lateNote(counts)}, ${counts.notDue} not due yet.`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(counts.missing === 0 ? 'Evidence gaps: none this week' : `Evidence gaps: ${counts.missing}`, 150) },
    { type: 'context', elements: [mrkdwn(summary)] },
  ];
  const { sections, left } = packLines(report.lines.map((line) => `• ${escapeMrkdwn(line)}`), MAX_SECTIONS);
  for (const text of sections) blocks.push({ type: 'section', text: mrkdwn(text) });
  blocks.push({ type: 'context', elements: [mrkdwn(`${left > 0 ? `…and ${left} more line(s). ` : ''}\`evidence gaps --json\` lists every gap with its due date and the event that made it owed; \`/evidence status\` shows them any time.`)] });
  return { text: `Evidence gaps: ${summary}`, blocks };
}
