import { DomainError, NotAllowedError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { completeReview, decisionsOf, getReview } from '../../store/access-reviews.ts';
import type { RequestRow } from '../../store/requests.ts';
import { stmt } from '../../store/statements.ts';
import { ATTESTATION, REVIEW_IDS } from '../../../views/access-review.ts';
import type { FlowDeps } from '../deps.ts';
import { AlreadyAnsweredError, historyOf, markAnswered, requestForAnswer } from '../requests.ts';
import { reviewArtifact, type SignedReviewPart } from './artifacts.ts';
import { diffSnapshots } from './diff.ts';
import { partFromView, saveVisibleState, type ViewValues } from './draft.ts';
import { accountLabel, REVIEW_KIND, systemById } from './model.ts';
import { loadPart } from './page.ts';
import { requestRevocations } from './revocations.ts';

export type ReviewOutcome = { kind: 'signed'; requestId: string; completed: boolean; revoked: number } | { kind: 'duplicate' } | { kind: 'errors'; errors: Record<string, string> };

function partsOf(deps: FlowDeps, reviewId: string): RequestRow[] {
  return stmt(deps.db, "SELECT * FROM requests WHERE kind = ? AND dedupe_key LIKE ? AND state != 'cancelled' ORDER BY created_at, id").all(REVIEW_KIND, `${REVIEW_KIND}:${reviewId}:%`) as RequestRow[];
}

/**
 * The reviewer signs their part: every account of the part gets its saved decision (keep unless
 * marked revoke), each revocation becomes a request to the system owner, and when the last part
 * is signed the whole review is filed. All of it in one transaction, before the modal closes.
 */
export async function submitReview(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: ViewValues; viewId: string }): Promise<ReviewOutcome> {
  const { db, clock, directory, evidence, settings } = deps;
  const error = (message: string): ReviewOutcome => ({ kind: 'errors', errors: { [REVIEW_IDS.attestBlock]: message } });
  let request: RequestRow;
  try {
    request = partFromView(deps, input.privateMetadata, input.userId).request;
  } catch (caught) {
    if (caught instanceof NotAllowedError) return error(caught.message);
    throw caught;
  }
  if (request.state === 'answered') return request.answered_by === input.userId ? { kind: 'duplicate' } : error('This review was already signed.');
  const attested = (input.values[REVIEW_IDS.attestBlock]?.[REVIEW_IDS.attestAction]?.selected_options ?? []).some((option) => option.value === 'attest');
  const part = loadPart(deps, request);
  saveVisibleState(deps, part, input.values);
  if (!attested) return error('Tick the attestation to sign. Your choices are saved; you can close this and come back.');
  const person = directory.cached(input.userId);
  if (!person) return error('Your Slack profile is not known to evidence-bot yet. Try again in a minute.');

  const saved = decisionsOf(db, request.id);
  const decisions = part.accounts.map((account) => ({ account_id: account.id, decision: saved.get(account.id) ?? ('keep' as const) }));
  const revoked = part.accounts.filter((account) => saved.get(account.id) === 'revoke');
  const now = clock.now().toISOString();
  const response: SignedReviewPart = {
    review_id: part.payload.reviewId,
    request_id: request.id,
    system: part.payload.system,
    period: part.payload.period,
    snapshot_id: part.snapshot.id,
    snapshot_artifact_id: part.snapshot.artifactId,
    snapshot_sha256: part.snapshot.sha256,
    previous_snapshot_sha256: part.previousSnapshot?.sha256 ?? null,
    accounts: part.accounts.length,
    decisions,
    revoked: revoked.map((account) => account.id),
    comment: (input.values[REVIEW_IDS.commentBlock]?.[REVIEW_IDS.commentAction]?.value ?? '').trim().slice(0, 3000),
    attestation: ATTESTATION,
    attested: true,
    signer_slack_id: input.userId,
    submitted_at: now,
  };
  const system = systemById(settings, part.payload.system);
  try {
    return await deps.writer.run((): ReviewOutcome => {
      const current = requestForAnswer(db, request.id, input.userId);
      const artifactId = newId();
      markAnswered(db, current, input.userId, response, new Date(now), artifactId);
      requestRevocations(deps, { system, reviewId: part.payload.reviewId, period: part.payload.period, reviewer: input.userId, accounts: revoked.map((account) => ({ account, label: accountLabel(account) })) });
      const parts = partsOf(deps, part.payload.reviewId);
      const completed = parts.every((candidate) => candidate.id === current.id || candidate.state === 'answered');
      const signed = parts.filter((candidate) => candidate.id === current.id || candidate.state === 'answered');
      const common = { system, period: part.payload.period, snapshot: { ...part.snapshot, accounts: part.allAccounts }, previous: part.previousSnapshot, diff: diffSnapshots(part.previous, part.allAccounts), flags: part.flags, capturedAt: now };
      const signer = { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz };
      const partEntry = (row: RequestRow) => {
        const signedPart = row.id === current.id ? response : (JSON.parse(row.response ?? '{}') as SignedReviewPart);
        const name = row.id === current.id ? person.name : (directory.cached(row.assignee)?.name ?? row.assignee);
        return { request: { id: row.id, assignee: row.assignee }, response: signedPart, signerName: name, history: historyOf(db, row.id) };
      };
      if (parts.length > 1) {
        evidence.enqueue(reviewArtifact({ ...common, artifactId, kind: 'access-review-part', accounts: part.accounts, parts: [partEntry(current)], signer, sourceKey: `request:${current.id}` }));
      }
      if (completed) {
        const reviewArtifactId = parts.length > 1 ? newId() : artifactId;
        const review = getReview(db, part.payload.reviewId);
        if (!review) throw new DomainError('This review no longer exists.', 'not_found');
        evidence.enqueue(reviewArtifact({ ...common, artifactId: reviewArtifactId, kind: 'access-review', accounts: part.allAccounts, parts: signed.map(partEntry), signer: parts.length === 1 ? signer : null, sourceKey: `review:${review.id}` }));
        completeReview(db, review.id, now, reviewArtifactId);
      }
      return { kind: 'signed', requestId: current.id, completed, revoked: revoked.length };
    });
  } catch (caught) {
    if (caught instanceof AlreadyAnsweredError) return { kind: 'duplicate' };
    if (caught instanceof DomainError) return error(caught.message);
    throw caught;
  }
}
