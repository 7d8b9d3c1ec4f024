import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, fallbackText, mention, mrkdwn, plain, slackDate } from './text.ts';

/** IDs shared by every request message: the button that opens the request's modal. */
export const REQUEST_IDS = {
  /** Prefix of every "open this request" button; the request ID follows, so IDs stay unique in a view. */
  openActionPrefix: 'request.open.',
  openActionPattern: /^request\.open\./,
  openBlock: 'request.actions',
} as const;

export function openActionId(requestId: string): string {
  return `${REQUEST_IDS.openActionPrefix}${requestId}`;
}

export interface RequestSummary {
  id: string;
  title: string;
  assignee: string;
  askedAt: string | null;
  createdAt: string;
  reminders: number;
}

export function openButtonBlock(requestId: string, label: string): KnownBlock {
  return {
    type: 'actions',
    block_id: REQUEST_IDS.openBlock,
    elements: [{ type: 'button', action_id: openActionId(requestId), text: plain(label, 75), value: requestId, style: 'primary' }],
  };
}

/** The nudge after 48 h (and every interval after): same button, plainer words. */
export function reminderMessage(request: RequestSummary, buttonLabel: string): { text: string; blocks: KnownBlock[] } {
  const since = request.askedAt ?? request.createdAt;
  const text = `Reminder: ${request.title} is still waiting for you (asked ${since.slice(0, 10)}).`;
  return {
    text: fallbackText(text),
    blocks: [
      { type: 'section', text: mrkdwn(`:hourglass_flowing_sand: *Reminder:* ${escapeMrkdwn(request.title)} is still waiting for you, asked ${slackDate(since)}. It takes a minute, and the auditor will ask for it.`) },
      openButtonBlock(request.id, buttonLabel),
    ],
  };
}

export function managerEscalationMessage(request: RequestSummary): { text: string; blocks: KnownBlock[] } {
  const since = request.askedAt ?? request.createdAt;
  const text = `${request.title}: ${request.assignee} has not answered since ${since.slice(0, 10)}.`;
  return {
    text: fallbackText(text),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:rotating_light: ${mention(request.assignee)} has not answered *${escapeMrkdwn(request.title)}*, asked ${slackDate(since)} and reminded ${request.reminders} time(s). You are their manager on record: please ask them to answer it from their DMs with evidence-bot.`,
        ),
      },
    ],
  };
}

export function channelEscalationMessage(request: RequestSummary, manager: string | null): { text: string; blocks: KnownBlock[] } {
  const since = request.askedAt ?? request.createdAt;
  const managerLine = manager ? ` Their manager ${mention(manager)} was asked to follow up.` : ' No manager is on record for them.';
  return {
    text: fallbackText(`Overdue: ${request.title} (${request.assignee}) since ${since.slice(0, 10)}.`),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(`:warning: *Overdue evidence request.* ${mention(request.assignee)} has not answered *${escapeMrkdwn(request.title)}*, asked ${slackDate(since)}, reminded ${request.reminders} time(s).${managerLine}`),
      },
      { type: 'context', elements: [mrkdwn(`Request \`${request.id}\``)] },
    ],
  };
}

/** What the original DM becomes once signed: no button left to press twice. */
export function answeredMessage(title: string, answeredAt: string, artifactNote: string): { text: string; blocks: KnownBlock[] } {
  return {
    text: fallbackText(`Signed: ${title}`),
    blocks: [
      { type: 'section', text: mrkdwn(`:white_check_mark: *Signed:* ${escapeMrkdwn(title)}, ${slackDate(answeredAt)}.`) },
      { type: 'context', elements: [mrkdwn(artifactNote)] },
    ],
  };
}
