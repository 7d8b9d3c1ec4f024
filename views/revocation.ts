import type { KnownBlock, ModalView } from '@slack/types';
import { openButtonBlock } from './requests.ts';
import { escapeMrkdwn, fallbackText, mrkdwn, plain, truncate } from './text.ts';

export const REVOCATION_IDS = {
  callbackId: 'revocation.done',
  noteBlock: 'revocation.note',
  noteAction: 'revocation.note.text',
  linkBlock: 'revocation.link',
  linkAction: 'revocation.link.url',
  confirmBlock: 'revocation.confirm',
  confirmAction: 'revocation.confirm.check',
} as const;

export interface RevocationModel {
  requestId: string;
  systemName: string;
  accountLabel: string;
  roles: string[];
  reviewer: string;
  period: string;
}

export function revocationAskMessage(model: RevocationModel): { text: string; blocks: KnownBlock[] } {
  return {
    text: fallbackText(`Remove ${model.accountLabel} from ${model.systemName}`),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:no_entry: *Remove ${escapeMrkdwn(model.accountLabel)} from ${escapeMrkdwn(model.systemName)}*\n<@${model.reviewer}> revoked this access in the ${model.period} access review${model.roles.length ? ` (roles: ${escapeMrkdwn(truncate(model.roles.join(', '), 500))})` : ''}. When it is done, mark it removed. The next listing of ${escapeMrkdwn(model.systemName)} will confirm it.`,
        ),
      },
      openButtonBlock(model.requestId, 'Mark removed'),
    ],
  };
}

export function revocationModal(model: RevocationModel): ModalView {
  return {
    type: 'modal',
    callback_id: REVOCATION_IDS.callbackId,
    private_metadata: JSON.stringify({ requestId: model.requestId }),
    title: plain('Access removed', 24),
    submit: plain('Sign', 24),
    close: plain('Cancel', 24),
    blocks: [
      { type: 'section', text: mrkdwn(`*${escapeMrkdwn(model.accountLabel)}* in *${escapeMrkdwn(model.systemName)}*`) },
      { type: 'input', block_id: REVOCATION_IDS.noteBlock, label: plain('What was done', 2000), element: { type: 'plain_text_input', action_id: REVOCATION_IDS.noteAction, multiline: true, max_length: 2000, placeholder: plain('Removed from the org; SSO session revoked', 150) } },
      { type: 'input', block_id: REVOCATION_IDS.linkBlock, optional: true, label: plain('Ticket or change link', 2000), element: { type: 'url_text_input', action_id: REVOCATION_IDS.linkAction } },
      {
        type: 'input',
        block_id: REVOCATION_IDS.confirmBlock,
        label: plain('Confirmation', 2000),
        element: { type: 'checkboxes', action_id: REVOCATION_IDS.confirmAction, options: [{ text: plain('I removed this access', 75), value: 'removed' }] },
      },
    ],
  };
}
