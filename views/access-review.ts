import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { openButtonBlock } from './requests.ts';
import { escapeMrkdwn, fallbackText, mrkdwn, plain, slackDate, truncate } from './text.ts';

export const REVIEW_IDS = {
  callbackId: 'review.sign',
  accountBlockPrefix: 'review.acct.',
  decisionAction: 'review.decision',
  navBlock: 'review.nav',
  prevAction: 'review.page.prev',
  nextAction: 'review.page.next',
  commentBlock: 'review.comment',
  commentAction: 'review.comment.text',
  attestBlock: 'review.attest',
  attestAction: 'review.attest.check',
} as const;

/** The statement a reviewer signs, word for word in the modal, the payload and the PDF. */
export const ATTESTATION = 'I have reviewed every account and the access is appropriate, except the revocations listed.';
export const PAGE_SIZE = 40;
const LISTED_CHANGES = 12;

export interface ReviewRowModel {
  index: number;
  label: string;
  name: string;
  roles: string[];
  status: string;
  lastLogin: string | null;
  flags: string[];
  decision: 'keep' | 'revoke';
}

export interface ReviewPageModel {
  requestId: string;
  systemName: string;
  period: string;
  source: string;
  snapshotTakenAt: string;
  snapshotSha256: string;
  page: number;
  pages: number;
  totalAccounts: number;
  flaggedAccounts: number;
  revokeLabels: string[];
  rows: ReviewRowModel[];
  comment: string;
  /** Shown on the first page only. */
  changes: { hasPrevious: boolean; added: string[]; removed: string[]; roleChanged: string[] } | null;
}

const DECISIONS: Record<'keep' | 'revoke', PlainTextOption> = {
  keep: { text: plain('Keep', 75), value: 'keep' },
  revoke: { text: plain('Revoke', 75), value: 'revoke' },
};

function changeLine(title: string, items: string[]): string {
  if (items.length === 0) return `*${title}:* none`;
  const shown = items.slice(0, LISTED_CHANGES).map(escapeMrkdwn).join(', ');
  return `*${title} (${items.length}):* ${shown}${items.length > LISTED_CHANGES ? `, and ${items.length - LISTED_CHANGES} more (all in the PDF)` : ''}`;
}

function rowText(row: ReviewRowModel): string {
  const who = row.name && row.name !== row.label ? ` (${escapeMrkdwn(truncate(row.name, 80))})` : '';
  const roles = row.roles.length > 0 ? escapeMrkdwn(truncate(row.roles.join(', '), 400)) : 'no roles';
  const login = row.lastLogin ? `last login ${row.lastLogin.slice(0, 10)}` : 'last login unknown';
  const status = row.status === 'active' ? '' : ` · *${row.status}*`;
  const flags = row.flags.length > 0 ? `\n:warning: ${escapeMrkdwn(row.flags.join(' · '))}` : '';
  return `*${escapeMrkdwn(truncate(row.label, 200))}*${who}\n${roles} · ${login}${status}${flags}`;
}

/** One page of the review modal: what changed first, then a keep/revoke choice per account. */
export function reviewModal(model: ReviewPageModel): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        `*${escapeMrkdwn(model.systemName)}*, ${model.period}: ${model.totalAccounts} account(s) from ${escapeMrkdwn(model.source)}, listed ${slackDate(model.snapshotTakenAt)}. ${model.flaggedAccounts} flagged. Choose *Revoke* for any account that should not have this access; everything else is kept.`,
      ),
    },
  ];
  if (model.changes) {
    const text = model.changes.hasPrevious
      ? [changeLine('Added since the last review', model.changes.added), changeLine('Removed', model.changes.removed), changeLine('Roles changed', model.changes.roleChanged)].join('\n')
      : 'This is the first review of this system: there is no previous list to compare with.';
    blocks.push({ type: 'section', text: mrkdwn(truncate(text, 3000)) });
  }
  blocks.push({ type: 'divider' });
  for (const row of model.rows) {
    blocks.push({
      type: 'section',
      block_id: `${REVIEW_IDS.accountBlockPrefix}${row.index}`,
      text: mrkdwn(truncate(rowText(row), 3000)),
      accessory: { type: 'static_select', action_id: REVIEW_IDS.decisionAction, options: [DECISIONS.keep, DECISIONS.revoke], initial_option: DECISIONS[row.decision] },
    });
  }
  const nav: { type: 'button'; action_id: string; text: ReturnType<typeof plain>; value: string }[] = [];
  if (model.page > 0) nav.push({ type: 'button', action_id: REVIEW_IDS.prevAction, text: plain('‹ Previous', 75), value: String(model.page - 1) });
  if (model.page < model.pages - 1) nav.push({ type: 'button', action_id: REVIEW_IDS.nextAction, text: plain('Next ›', 75), value: String(model.page + 1) });
  blocks.push({ type: 'context', elements: [mrkdwn(`Page ${model.page + 1} of ${model.pages} · your choices are saved as you go`)] });
  if (nav.length > 0) blocks.push({ type: 'actions', block_id: REVIEW_IDS.navBlock, elements: nav });
  const revokes = model.revokeLabels.length === 0 ? 'No account is marked *Revoke*.' : `Marked *Revoke* (${model.revokeLabels.length}): ${model.revokeLabels.map(escapeMrkdwn).join(', ')}`;
  blocks.push({ type: 'section', text: mrkdwn(truncate(revokes, 3000)) });
  blocks.push({
    type: 'input',
    block_id: REVIEW_IDS.commentBlock,
    optional: true,
    label: plain('Comment', 2000),
    element: { type: 'plain_text_input', action_id: REVIEW_IDS.commentAction, multiline: true, max_length: 3000, ...(model.comment ? { initial_value: model.comment } : {}) },
  });
  blocks.push({
    type: 'input',
    block_id: REVIEW_IDS.attestBlock,
    label: plain('Attestation', 2000),
    hint: plain(ATTESTATION, 2000),
    element: { type: 'checkboxes', action_id: REVIEW_IDS.attestAction, options: [{ text: plain('I attest to this review', 75), description: plain('Every account reviewed; revocations as listed', 75), value: 'attest' }] },
  });
  return {
    type: 'modal',
    callback_id: REVIEW_IDS.callbackId,
    private_metadata: JSON.stringify({ requestId: model.requestId, page: model.page }),
    title: plain('Access review', 24),
    submit: plain('Sign review', 24),
    close: plain('Save and close', 24),
    notify_on_close: true,
    blocks,
  };
}

export interface ReviewAsk {
  requestId: string;
  systemName: string;
  period: string;
  accounts: number;
  added: number;
  removed: number;
  roleChanged: number;
  flagged: number;
  hasPrevious: boolean;
}

/** The DM that asks a reviewer for the review. */
export function reviewAskMessage(ask: ReviewAsk): { text: string; blocks: KnownBlock[] } {
  const changes = ask.hasPrevious ? `${ask.added} added, ${ask.removed} removed, ${ask.roleChanged} with changed roles since the last review` : 'first review of this system';
  return {
    text: fallbackText(`Access review: ${ask.systemName}, ${ask.period}: ${ask.accounts} accounts to review`),
    blocks: [
      { type: 'section', text: mrkdwn(`:busts_in_silhouette: *Access review: ${escapeMrkdwn(ask.systemName)}, ${ask.period}*\n${ask.accounts} account(s) to review (${changes}); ${ask.flagged} flagged for a closer look.`) },
      openButtonBlock(ask.requestId, 'Review access'),
      { type: 'context', elements: [mrkdwn('You can close the review and come back: your choices are saved. Signing files the review as SOC 2 evidence.')] },
    ],
  };
}
