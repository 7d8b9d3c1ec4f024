import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { openButtonBlock } from './requests.ts';
import { escapeMrkdwn, fallbackText, mrkdwn, plain, truncate } from './text.ts';

export const ACK_IDS = {
  callbackId: 'ack.sign',
  policiesBlockPrefix: 'ack.policies.',
  policiesAction: 'ack.policies.check',
  trainingBlock: 'ack.training',
  trainingAction: 'ack.training.check',
  introBlock: 'ack.intro',
} as const;

/** Slack allows 10 options per checkbox group; more policies than that get several groups. */
const OPTIONS_PER_GROUP = 10;

export interface PolicyItem {
  id: string;
  name: string;
  version: string;
  url: string;
  /** The SHA-256 of the document as published, when the config gives it. */
  sha256?: string;
}

export interface AcknowledgmentModel {
  requestId: string;
  period: string;
  policies: PolicyItem[];
  training: { name: string; version: string; url: string } | null;
}

export function policyKey(policy: { id: string; version: string }): string {
  return `${policy.id}@${policy.version}`;
}

export function acknowledgmentTitle(model: Pick<AcknowledgmentModel, 'period' | 'policies' | 'training'>): string {
  const what = model.policies.length > 0 ? 'Policy acknowledgment' : 'Security training confirmation';
  return `${what} ${model.period}`;
}

function policyLines(model: AcknowledgmentModel): string {
  const lines = model.policies.map((policy) => `• <${policy.url}|${escapeMrkdwn(policy.name)}>, version ${escapeMrkdwn(policy.version)}`);
  if (model.training) lines.push(`• Confirm you completed <${model.training.url}|${escapeMrkdwn(model.training.name)}> (${escapeMrkdwn(model.training.version)})`);
  return lines.join('\n');
}

/** The DM that asks for the acknowledgment. */
export function acknowledgmentAskMessage(model: AcknowledgmentModel): { text: string; blocks: KnownBlock[] } {
  const title = acknowledgmentTitle(model);
  return {
    text: fallbackText(`${title}: please read and acknowledge ${model.policies.map((p) => p.name).join(', ')}`),
    blocks: [
      { type: 'section', text: mrkdwn(`:memo: *${escapeMrkdwn(title)}*\nPlease read and acknowledge:\n${policyLines(model)}`) },
      openButtonBlock(model.requestId, 'Acknowledge'),
      { type: 'context', elements: [mrkdwn('Your answer is filed as SOC 2 evidence with your name and the time you sign.')] },
    ],
  };
}

/** The modal: one tick per policy version, one for training, and a Sign button. */
export function acknowledgmentModal(model: AcknowledgmentModel): ModalView {
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: ACK_IDS.introBlock, text: mrkdwn(`Read each document, then tick it below.\n${policyLines(model)}`) },
  ];
  for (let group = 0; group * OPTIONS_PER_GROUP < model.policies.length; group += 1) {
    const options: PlainTextOption[] = model.policies.slice(group * OPTIONS_PER_GROUP, (group + 1) * OPTIONS_PER_GROUP).map((policy) => ({
      text: plain(truncate(`I have read and accept ${policy.name} (${policy.version})`, 75), 75),
      value: policyKey(policy),
    }));
    blocks.push({
      type: 'input',
      block_id: `${ACK_IDS.policiesBlockPrefix}${group}`,
      label: plain(group === 0 ? 'Policies' : 'More policies', 2000),
      element: { type: 'checkboxes', action_id: ACK_IDS.policiesAction, options },
    });
  }
  if (model.training) {
    blocks.push({
      type: 'input',
      block_id: ACK_IDS.trainingBlock,
      label: plain('Security training', 2000),
      element: {
        type: 'checkboxes',
        action_id: ACK_IDS.trainingAction,
        options: [{ text: plain(truncate(`I completed ${model.training.name}`, 75), 75), value: `training@${model.training.version}` }],
      },
    });
  }
  blocks.push({ type: 'context', elements: [mrkdwn('Signing files a timestamped record with your name, email and Slack ID. It cannot be edited afterwards.')] });
  return {
    type: 'modal',
    callback_id: ACK_IDS.callbackId,
    private_metadata: JSON.stringify({ requestId: model.requestId }),
    title: plain('Acknowledge policies', 24),
    submit: plain('Sign', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

/** Shown instead of the form when the button is pressed by someone the request is not for. */
export function notYoursModal(assignee: string, title: string): ModalView {
  return {
    type: 'modal',
    title: plain('Not your request', 24),
    close: plain('Close', 24),
    blocks: [{ type: 'section', text: mrkdwn(`This request (${escapeMrkdwn(title)}) is for <@${assignee}>. Only they can sign it.`) }],
  };
}

export function requestClosedModal(title: string, state: string): ModalView {
  return {
    type: 'modal',
    title: plain('Already done', 24),
    close: plain('Close', 24),
    blocks: [{ type: 'section', text: mrkdwn(`${escapeMrkdwn(title)} is ${state}. Nothing more to do here.`) }],
  };
}

/** Replaces a submitted form the app does not know (from an older version, or not ours): nothing was kept. */
export function formNotHandledModal(): ModalView {
  return {
    type: 'modal',
    title: plain('Not recorded', 24),
    close: plain('Close', 24),
    blocks: [{ type: 'section', text: mrkdwn('evidence-bot does not handle this form, so *nothing was recorded*. Close it and start again from the button in your DM or from `/evidence help`.') }],
  };
}
