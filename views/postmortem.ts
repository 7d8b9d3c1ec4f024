import type { KnownBlock, ModalView } from '@slack/types';
import type { PostmortemDraft } from '../src/drafter/types.ts';
import { openButtonBlock } from './requests.ts';
import { escapeMrkdwn, fallbackText, mrkdwn, plain, truncate } from './text.ts';

/** The draft's sections, in the order a postmortem is read; block IDs follow the field names. */
export const POSTMORTEM_SECTIONS = [
  ['summary', 'Summary'],
  ['impact', 'Impact'],
  ['timeline', 'Timeline'],
  ['rootCause', 'Root cause'],
  ['resolution', 'Resolution'],
  ['whatWentWell', 'What went well'],
  ['whatWentWrong', 'What went wrong'],
] as const;

export type PostmortemField = (typeof POSTMORTEM_SECTIONS)[number][0];

export const POSTMORTEM_IDS = {
  callbackId: 'incident.postmortem',
  sectionBlock: (field: PostmortemField) => `pm.${field}`,
  sectionAction: 'pm.text',
  actionTextBlock: (n: number) => `pm.action.${n}.text`,
  actionOwnerBlock: (n: number) => `pm.action.${n}.owner`,
  actionTextAction: 'pm.action.text',
  actionOwnerAction: 'pm.action.owner',
} as const;

export const ACTION_ROWS = 5;

export function postmortemAskMessage(input: { requestId: string; number: string; title: string; generatedBy: string }): { text: string; blocks: KnownBlock[] } {
  const by = input.generatedBy === 'template' ? 'a template filled from the incident record' : `a draft by ${input.generatedBy.replace('anthropic:', '')}`;
  return {
    text: fallbackText(`Postmortem draft ready for ${input.number}: ${input.title}`),
    blocks: [
      { type: 'section', text: mrkdwn(truncate(`:page_facing_up: *Postmortem for ${escapeMrkdwn(input.number)}*: ${escapeMrkdwn(input.title)}\nThe bot prepared ${by} from the incident and your resolution. Review it, correct what is wrong, and sign.`, 3000)) },
      openButtonBlock(input.requestId, 'Review postmortem'),
    ],
  };
}

/** Every section of the draft as an editable field, then the action items with owners. */
export function postmortemModal(input: { requestId: string; number: string; draft: PostmortemDraft }): ModalView {
  const blocks: KnownBlock[] = [
    { type: 'context', elements: [mrkdwn(truncate(`${escapeMrkdwn(input.number)} · drafted by ${escapeMrkdwn(input.draft.generatedBy)}${input.draft.fallbackReason ? ` (${escapeMrkdwn(input.draft.fallbackReason)})` : ''}. What you sign is what is filed.`, 3000))] },
  ];
  for (const [field, label] of POSTMORTEM_SECTIONS) {
    const text = input.draft[field];
    blocks.push({ type: 'input', block_id: POSTMORTEM_IDS.sectionBlock(field), label: plain(label, 2000), element: { type: 'plain_text_input', action_id: POSTMORTEM_IDS.sectionAction, multiline: true, max_length: 3000, ...(text ? { initial_value: truncate(text, 3000) } : {}) } });
  }
  for (let n = 0; n < ACTION_ROWS; n += 1) {
    const item = input.draft.actionItems[n];
    const owner = item?.owner && /^[UW][A-Z0-9]{2,}$/.test(item.owner) ? item.owner : null;
    blocks.push(
      { type: 'input', block_id: POSTMORTEM_IDS.actionTextBlock(n), optional: true, label: plain(`Action item ${n + 1}`, 2000), element: { type: 'plain_text_input', action_id: POSTMORTEM_IDS.actionTextAction, max_length: 500, ...(item ? { initial_value: truncate(item.description, 500) } : {}) } },
      { type: 'input', block_id: POSTMORTEM_IDS.actionOwnerBlock(n), optional: true, label: plain(`Owner of item ${n + 1}`, 2000), element: { type: 'users_select', action_id: POSTMORTEM_IDS.actionOwnerAction, ...(owner ? { initial_user: owner } : {}) } },
    );
  }
  return {
    type: 'modal',
    callback_id: POSTMORTEM_IDS.callbackId,
    private_metadata: JSON.stringify({ requestId: input.requestId }),
    title: plain('Postmortem', 24),
    submit: plain('Sign', 24),
    close: plain('Later', 24),
    blocks,
  };
}
