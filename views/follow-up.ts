import type { KnownBlock, ModalView } from '@slack/types';
import { openButtonBlock } from './requests.ts';
import { escapeMrkdwn, fallbackText, mrkdwn, plain, slackDate, truncate } from './text.ts';

export const FOLLOW_UP_IDS = {
  callbackId: 'incident.follow-up',
  noteBlock: 'fu.note',
  noteAction: 'fu.note.text',
  linkBlock: 'fu.link',
  linkAction: 'fu.link.url',
} as const;

export function followUpAskMessage(input: { requestId: string; number: string; description: string; dueAt: string }): { text: string; blocks: KnownBlock[] } {
  return {
    text: fallbackText(`Follow-up from ${input.number}: ${input.description}`),
    blocks: [
      { type: 'section', text: mrkdwn(truncate(`:wrench: *Follow-up from incident ${escapeMrkdwn(input.number)}*\n${escapeMrkdwn(input.description)}\nDue ${slackDate(input.dueAt, '{date_short_pretty}')}.`, 3000)) },
      openButtonBlock(input.requestId, 'Mark done'),
    ],
  };
}

export function followUpModal(input: { requestId: string; number: string; description: string }): ModalView {
  return {
    type: 'modal',
    callback_id: FOLLOW_UP_IDS.callbackId,
    private_metadata: JSON.stringify({ requestId: input.requestId }),
    title: plain('Follow-up done', 24),
    submit: plain('Sign', 24),
    close: plain('Cancel', 24),
    blocks: [
      { type: 'section', text: mrkdwn(truncate(`*${escapeMrkdwn(input.number)}*: ${escapeMrkdwn(input.description)}`, 3000)) },
      { type: 'input', block_id: FOLLOW_UP_IDS.noteBlock, label: plain('What was done', 2000), element: { type: 'plain_text_input', action_id: FOLLOW_UP_IDS.noteAction, multiline: true, max_length: 2000 } },
      { type: 'input', block_id: FOLLOW_UP_IDS.linkBlock, optional: true, label: plain('Link (pull request, ticket)', 2000), element: { type: 'url_text_input', action_id: FOLLOW_UP_IDS.linkAction } },
    ],
  };
}
