import { z } from 'zod';
import { NotAllowedError } from '../../errors.ts';
import { saveDecision, saveDraftComment } from '../../store/access-reviews.ts';
import { getRequest, type RequestRow } from '../../store/requests.ts';
import { REVIEW_IDS, reviewModal } from '../../../views/access-review.ts';
import { notYoursModal, requestClosedModal } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import { loadPart, pageModel, type PartContext } from './page.ts';

const metadataSchema = z.object({ requestId: z.string().min(1).max(64), page: z.number().int().min(0) });
export type ViewValues = Record<string, Record<string, { type?: string; value?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[] }>>;

/** The request a review modal belongs to, if the person acting is its reviewer and it is still open. */
export function partFromView(deps: FlowDeps, privateMetadata: string, userId: string): { request: RequestRow; page: number } {
  let metadata: z.infer<typeof metadataSchema>;
  try {
    metadata = metadataSchema.parse(JSON.parse(privateMetadata));
  } catch {
    throw new NotAllowedError('This review form is damaged. Close it and press the button in your DM again.');
  }
  const request = getRequest(deps.db, metadata.requestId);
  if (!request) throw new NotAllowedError('This review no longer exists.');
  if (request.assignee !== userId) throw new NotAllowedError(`This review is for <@${request.assignee}>. Only they can decide on it.`);
  return { request, page: metadata.page };
}

/**
 * Saves what the view shows: each account's select on the visible page and the comment. Runs on
 * every choice, page turn and close, so a closed modal (or a crash) loses nothing.
 */
export function saveVisibleState(deps: FlowDeps, part: PartContext, values: ViewValues): void {
  const { db, clock } = deps;
  const at = clock.now().toISOString();
  db.transaction(() => {
    for (const [blockId, actions] of Object.entries(values)) {
      if (blockId.startsWith(REVIEW_IDS.accountBlockPrefix)) {
        const index = Number(blockId.slice(REVIEW_IDS.accountBlockPrefix.length));
        const account = Number.isInteger(index) ? part.accounts[index] : undefined;
        const choice = actions[REVIEW_IDS.decisionAction]?.selected_option?.value;
        if (account && (choice === 'keep' || choice === 'revoke')) saveDecision(db, part.request.id, account.id, choice, at);
      }
    }
    const comment = values[REVIEW_IDS.commentBlock]?.[REVIEW_IDS.commentAction]?.value;
    if (typeof comment === 'string') saveDraftComment(db, part.request.id, comment.slice(0, 3000), at);
  })();
}

/** A choice on one account: saved at once (the select already shows it, so the view stays as is). */
export function recordChoice(deps: FlowDeps, input: { userId: string; privateMetadata: string; blockId: string; value: string }): void {
  const { request } = partFromView(deps, input.privateMetadata, input.userId);
  if (request.state !== 'open' && request.state !== 'escalated') return;
  const part = loadPart(deps, request);
  const index = Number(input.blockId.slice(REVIEW_IDS.accountBlockPrefix.length));
  const account = part.accounts[index];
  if (!account || (input.value !== 'keep' && input.value !== 'revoke')) return;
  saveDecision(deps.db, request.id, account.id, input.value, deps.clock.now().toISOString());
}

/** Previous / Next: save what is on screen, then show the other page. */
export async function turnPage(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: ViewValues; viewId: string; hash: string; page: number }): Promise<void> {
  const { request } = partFromView(deps, input.privateMetadata, input.userId);
  const part = loadPart(deps, request);
  saveVisibleState(deps, part, input.values);
  await deps.slack.updateView(input.viewId, reviewModal(pageModel(deps, part, input.page)), input.hash);
}

/** The reviewer closed the modal: keep the comment they typed for next time. */
export function saveOnClose(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: ViewValues }): void {
  const { request } = partFromView(deps, input.privateMetadata, input.userId);
  if (request.state !== 'open' && request.state !== 'escalated') return;
  saveVisibleState(deps, loadPart(deps, request), input.values);
}

/** Opens the review at its first page, with whatever was saved before. */
export async function openReview(deps: FlowDeps, input: { request: RequestRow; userId: string; triggerId: string }): Promise<void> {
  const { request, userId, triggerId } = input;
  if (request.assignee !== userId) return void (await deps.slack.openView(triggerId, notYoursModal(request.assignee, request.title)));
  if (request.state === 'answered' || request.state === 'cancelled') {
    return void (await deps.slack.openView(triggerId, requestClosedModal(request.title, request.state === 'answered' ? `already signed (${request.answered_at?.slice(0, 10)})` : 'cancelled')));
  }
  const part = loadPart(deps, request);
  await deps.slack.openView(triggerId, reviewModal(pageModel(deps, part, 0)));
}

