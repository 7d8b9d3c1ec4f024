import type { KnownBlock } from '@slack/types';
import type { StatusReport } from '../src/flows/status.ts';
import { gapStatusBlock } from './gaps.ts';
import { escapeMrkdwn, mrkdwn, plain, slackDate } from './text.ts';

const MISSING_SHOWN = 15;

function controlLine(control: StatusReport['controls'][number]): string {
  const last = control.lastArtifact ? `last ${slackDate(control.lastArtifact.capturedAt, '{date_short}')} (${escapeMrkdwn(control.lastArtifact.kind)})` : '*no evidence yet*';
  const requests = [`${control.openRequests} open`];
  if (control.overdueRequests > 0) requests.push(`*${control.overdueRequests} overdue*`);
  if (control.escalations > 0) requests.push(`${control.escalations} escalated`);
  const next = control.nextCollection ? ` · next collection ${slackDate(control.nextCollection.at, '{date_short}')} (${escapeMrkdwn(control.nextCollection.name)})` : '';
  const icon = !control.lastArtifact ? ':white_circle:' : control.overdueRequests > 0 ? ':large_orange_circle:' : ':large_green_circle:';
  return `${icon} *${control.control}*: ${last} · ${control.periodCount} this quarter · requests ${requests.join(', ')}${next}`;
}

/** The body of `/evidence status` and of the admin part of App Home. At most 20 blocks. */
export function statusBlocks(report: StatusReport): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Evidence status, ${report.period.label}`, 150) },
    { type: 'section', text: mrkdwn(report.controls.map(controlLine).join('\n')) },
    gapStatusBlock(report.gaps),
  ];
  const ack = report.acknowledgments;
  if (ack) {
    const missing = ack.missing.slice(0, MISSING_SHOWN).map((person) => `<@${person.slackId}>`).join(', ');
    const more = ack.missingCount > MISSING_SHOWN ? ` and ${ack.missingCount - MISSING_SHOWN} more` : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*Policy acknowledgments ${ack.period}:* ${ack.acknowledged} of ${ack.inScope} signed.` + (ack.missingCount > 0 ? `\nNot yet: ${missing}${more}` : ' Everyone in scope has signed.'),
      ),
    });
  }
  if (report.connectorFailures.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(`:x: *Account listing failing:* ${report.connectorFailures.map((failure) => `${escapeMrkdwn(failure.system)} since ${slackDate(failure.at, '{date_short} {time}')}: ${escapeMrkdwn(failure.error.slice(0, 300))}`).join('\n')}`),
    });
  }
  if (report.pendingRevocations > 0) blocks.push({ type: 'section', text: mrkdwn(`*Revocations:* ${report.pendingRevocations} revoked account(s) not yet confirmed gone by a later listing.`) });
  const outbox = report.outbox;
  const sink =
    outbox.pending === 0
      ? 'every artifact is in the evidence store'
      : `${outbox.pending} object(s) waiting for the evidence store since ${slackDate(outbox.oldest!, '{date_short} {time}')}${outbox.lastError ? ` (last error: ${escapeMrkdwn(outbox.lastError.slice(0, 200))})` : ''}`;
  blocks.push({ type: 'context', elements: [mrkdwn(`Outbox: ${sink}. Signed responses waiting to be filed: ${report.unfiledResponses}.`)] });
  return blocks;
}

export function statusText(report: StatusReport): string {
  return `Evidence status, ${report.period.label}: ${report.controls.map((c) => `${c.control} ${c.periodCount}`).join(', ')}`;
}
