import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { openActionId, REQUEST_IDS } from './requests.ts';
import { escapeMrkdwn, fallbackText, mrkdwn, plain, slackDate, truncate } from './text.ts';

/** IDs of a checklist step's DM and modals; submissions are parsed with the same constants. */
export const STEP_IDS = {
  stepCallback: 'checklist.step',
  attestCallback: 'checklist.attest',
  notApplicablePrefix: 'checklist.na.',
  notApplicablePattern: /^checklist\.na\./,
  outcomeBlock: 'checklist.outcome',
  outcomeAction: 'checklist.outcome.choice',
  noteBlock: 'checklist.note',
  noteAction: 'checklist.note.text',
  linkBlock: 'checklist.link',
  linkAction: 'checklist.link.url',
  confirmBlock: 'checklist.confirm',
  confirmAction: 'checklist.confirm.check',
  attestBlock: 'checklist.attest',
  attestAction: 'checklist.attest.check',
  commentBlock: 'checklist.comment',
  commentAction: 'checklist.comment.text',
} as const;

export interface StepModel {
  requestId: string;
  checklistLabel: string;
  personName: string;
  title: string;
  dueAt: string;
  needsNote: boolean;
  needsLink: boolean;
  attestation: boolean;
  /** Why the step is asked again (verification found the account still there). */
  reopened: string | null;
  channel: string | null;
}

function needsText(model: Pick<StepModel, 'needsNote' | 'needsLink'>): string {
  const needs = [model.needsNote ? 'a note on what was done' : null, model.needsLink ? 'a link (ticket, change or document)' : null].filter(Boolean);
  return needs.length > 0 ? `Marking it done needs ${needs.join(' and ')}.` : '';
}

/** The DM for one step: what, for whom, by when, with Done and Not applicable. */
export function stepAskMessage(model: StepModel): { text: string; blocks: KnownBlock[] } {
  const lines = [
    `:clipboard: *${escapeMrkdwn(model.checklistLabel)} of ${escapeMrkdwn(model.personName)}*`,
    `*${escapeMrkdwn(truncate(model.title, 500))}*, due ${slackDate(model.dueAt)}.`,
  ];
  if (model.reopened) lines.push(`:rotating_light: Asked again: ${escapeMrkdwn(truncate(model.reopened, 1000))}.`);
  if (model.attestation) lines.push('Every other step is done. Review the checklist and attest.');
  else if (needsText(model)) lines.push(needsText(model));
  const elements: KnownBlock = {
    type: 'actions',
    block_id: REQUEST_IDS.openBlock,
    elements: [
      { type: 'button', action_id: openActionId(model.requestId), text: plain(model.attestation ? 'Attest' : 'Done', 75), value: model.requestId, style: 'primary' },
      ...(model.attestation ? [] : [{ type: 'button' as const, action_id: `${STEP_IDS.notApplicablePrefix}${model.requestId}`, text: plain('Not applicable', 75), value: model.requestId }]),
    ],
  };
  return {
    text: fallbackText(`${model.checklistLabel} of ${model.personName}: ${model.title}, due ${model.dueAt.slice(0, 16).replace('T', ' ')} UTC`),
    blocks: [
      { type: 'section', text: mrkdwn(lines.join('\n')) },
      elements,
      { type: 'context', elements: [mrkdwn(`What you record is filed as SOC 2 evidence with your name and the time.${model.channel ? ` The checklist is in <#${model.channel}>.` : ''}`)] },
    ],
  };
}

const OUTCOMES: Record<'done' | 'not_applicable', PlainTextOption> = {
  done: { text: plain('Done', 75), value: 'done' },
  not_applicable: { text: plain('Not applicable', 75), value: 'not_applicable' },
};

/** The small modal behind Done (or Not applicable): outcome, note, link, confirmation. */
export function stepModal(model: StepModel, outcome: 'done' | 'not_applicable'): ModalView {
  return {
    type: 'modal',
    callback_id: STEP_IDS.stepCallback,
    private_metadata: JSON.stringify({ requestId: model.requestId }),
    title: plain(model.checklistLabel, 24),
    submit: plain('Sign', 24),
    close: plain('Cancel', 24),
    blocks: [
      { type: 'section', text: mrkdwn(`*${escapeMrkdwn(truncate(model.title, 500))}*\nFor ${escapeMrkdwn(model.personName)}, due ${slackDate(model.dueAt)}. ${needsText(model)}`) },
      {
        type: 'input',
        block_id: STEP_IDS.outcomeBlock,
        label: plain('Outcome', 2000),
        element: { type: 'radio_buttons', action_id: STEP_IDS.outcomeAction, options: [OUTCOMES.done, OUTCOMES.not_applicable], initial_option: OUTCOMES[outcome] },
      },
      {
        type: 'input',
        block_id: STEP_IDS.noteBlock,
        optional: true,
        label: plain(model.needsNote ? 'What was done (required when done), or why it does not apply' : 'Note (required when not applicable)', 2000),
        element: { type: 'plain_text_input', action_id: STEP_IDS.noteAction, multiline: true, max_length: 2000 },
      },
      { type: 'input', block_id: STEP_IDS.linkBlock, optional: true, label: plain(model.needsLink ? 'Link (required when done)' : 'Link', 2000), element: { type: 'url_text_input', action_id: STEP_IDS.linkAction } },
      {
        type: 'input',
        block_id: STEP_IDS.confirmBlock,
        optional: true,
        label: plain('Confirmation', 2000),
        element: { type: 'checkboxes', action_id: STEP_IDS.confirmAction, options: [{ text: plain('I did this step as described', 75), value: 'confirmed' }] },
      },
    ],
  };
}

export interface AttestationModel {
  requestId: string;
  checklistLabel: string;
  personName: string;
  statement: string;
  /** One line per step: what was done, by whom, when. */
  stepLines: string[];
  /** What blocks signing (an account still there, a system not checked); empty when it can be signed. */
  blockers: string[];
}

/** The manager's final attestation: the checklist at a glance, the statement, a comment. */
export function attestationModal(model: AttestationModel): ModalView {
  const summary = truncate(model.stepLines.join('\n'), 2900);
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(`*${escapeMrkdwn(model.checklistLabel)} of ${escapeMrkdwn(model.personName)}*\n${summary}`) }];
  if (model.blockers.length > 0) {
    blocks.push({ type: 'section', text: mrkdwn(`:no_entry: *This cannot be signed yet:*\n${model.blockers.map((line) => `• ${escapeMrkdwn(truncate(line, 400))}`).join('\n').slice(0, 2800)}`) });
  }
  blocks.push(
    { type: 'section', text: mrkdwn(`*Statement:* ${escapeMrkdwn(model.statement)}`) },
    {
      type: 'input',
      block_id: STEP_IDS.attestBlock,
      label: plain('Attestation', 2000),
      element: { type: 'checkboxes', action_id: STEP_IDS.attestAction, options: [{ text: plain('I attest to the statement above', 75), value: 'attest' }] },
    },
    { type: 'input', block_id: STEP_IDS.commentBlock, optional: true, label: plain('Comment', 2000), element: { type: 'plain_text_input', action_id: STEP_IDS.commentAction, multiline: true, max_length: 2000 } },
    { type: 'context', elements: [mrkdwn('Signing files the completed checklist as a PDF with your name and the time. It cannot be edited afterwards.')] },
  );
  return {
    type: 'modal',
    callback_id: STEP_IDS.attestCallback,
    private_metadata: JSON.stringify({ requestId: model.requestId }),
    title: plain('Attest', 24),
    submit: plain('Sign', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

export function attestationStatement(type: 'onboarding' | 'offboarding', name: string): string {
  return type === 'onboarding'
    ? `I confirm that ${name} has the access their role needs and no more, and that the onboarding steps were done as recorded.`
    : `I confirm that ${name}'s access was removed from every system and their devices recovered, as recorded.`;
}
