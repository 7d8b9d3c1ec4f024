import { z } from 'zod';
import type { SystemConfig } from '../../config-schema.ts';
import type { Account } from '../../connectors/types.ts';
import { DomainError } from '../../errors.ts';
import type { ArtifactSpec } from '../../evidence/spec.ts';
import { newId } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import { getRevocation, insertRevocation, unverifiedRevocations, updateRevocation, type RevocationRow } from '../../store/access-reviews.ts';
import { addEvent, getRequest, insertRequest, updateRequest, type RequestRow } from '../../store/requests.ts';
import { formatUtc } from '../../time-format.ts';
import { REVOCATION_IDS, revocationAskMessage, revocationModal } from '../../../views/revocation.ts';
import { notYoursModal, requestClosedModal } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import { timingFor } from '../escalation.ts';
import { readablePerson } from '../mentions.ts';
import type { RequestKind } from '../request-kinds.ts';
import { AlreadyAnsweredError, DAMAGED_FORM, historyOf, markAnswered, requestForAnswer, requestIdOf } from '../requests.ts';
import { REVOCATION_KIND, type RevocationPayload } from './model.ts';

/** Opens a follow-up request to the system owner for each revoked account; call inside the signing transaction. */
export function requestRevocations(deps: FlowDeps, input: { system: SystemConfig; reviewId: string; period: string; reviewer: string; accounts: { account: Account; label: string }[] }): void {
  const { db, clock, settings } = deps;
  const owner = input.system.owner ?? input.system.reviewers[0]!;
  const now = clock.now();
  const dueAt = new Date(now.getTime() + timingFor(settings, REVOCATION_KIND).escalateAfter).toISOString();
  for (const { account, label } of input.accounts) {
    const requestId = newId();
    const payload: RevocationPayload = { reviewId: input.reviewId, system: input.system.id, accountId: account.id, accountLabel: label, roles: account.roles, reviewer: input.reviewer, period: input.period };
    const created = insertRequest(
      db,
      { id: requestId, kind: REVOCATION_KIND, subject: input.system.id, title: `Remove ${label} from ${input.system.name}`, controls: input.system.controls, assignee: owner, dedupeKey: `${REVOCATION_KIND}:${input.reviewId}:${account.id}`, payload, dueAt },
      now,
    );
    if (created) insertRevocation(db, { request_id: requestId, review_id: input.reviewId, system: input.system.id, account_id: account.id, account_label: label, state: 'open', requested_at: now.toISOString(), done_at: null, done_by: null, verified_at: null, verified_snapshot_id: null });
  }
}

/**
 * A new listing of the system no longer has a revoked account (or has it deactivated): the
 * revocation is verified, its request closes itself if nobody marked it done, and a record of
 * the check is filed. Call inside the transaction that stores the snapshot.
 */
export function verifyRevocations(deps: FlowDeps, input: { system: SystemConfig; accounts: Account[]; snapshotId: string; snapshotArtifactId: string; snapshotSha256: string; takenAt: string }): number {
  const { db, clock } = deps;
  const present = new Map(input.accounts.map((account) => [account.id, account]));
  let verified = 0;
  for (const revocation of unverifiedRevocations(db, input.system.id)) {
    const account = present.get(revocation.account_id);
    const gone = !account || account.status === 'deactivated' || account.status === 'suspended';
    if (!gone) continue;
    const at = clock.now().toISOString();
    const request = getRequest(db, revocation.request_id)!;
    const closedByCheck = request.state === 'open' || request.state === 'escalated';
    if (closedByCheck) {
      updateRequest(db, request.id, { state: 'answered', answered_at: at, answered_by: 'evidence-bot', next_action_at: null });
      addEvent(db, request.id, 'closed', at, `closed automatically: ${revocation.account_label} is ${account ? account.status : 'no longer listed'} in ${input.system.name} (list of ${formatUtc(input.takenAt)})`);
    }
    updateRevocation(db, revocation.request_id, { state: 'verified', verified_at: at, verified_snapshot_id: input.snapshotId });
    deps.evidence.enqueue(verifiedArtifact({ db, system: input.system, revocation, request, account, snapshot: input, closedByCheck, at }));
    verified += 1;
  }
  return verified;
}

function verifiedArtifact(input: { db: Db; system: SystemConfig; revocation: RevocationRow; request: RequestRow; account: Account | undefined; snapshot: { snapshotId: string; snapshotArtifactId: string; snapshotSha256: string; takenAt: string }; closedByCheck: boolean; at: string }): ArtifactSpec {
  const { system, revocation, snapshot } = input;
  const payload = JSON.parse(input.request.payload) as RevocationPayload;
  const state = input.account ? `present but ${input.account.status}` : 'absent';
  return {
    sourceKey: `revocation-verified:${revocation.request_id}`,
    id: newId(),
    kind: 'revocation-verified',
    controls: system.controls,
    period: input.at.slice(0, 10),
    capturedAt: input.at,
    subject: system.id,
    subjectLabel: system.name,
    title: `Revocation confirmed: ${revocation.account_label} in ${system.name}`,
    requestId: revocation.request_id,
    signer: null,
    sections: [
      {
        heading: 'Confirmation',
        blocks: [
          {
            type: 'fields',
            rows: [
              ['Account', revocation.account_label],
              ['Revoked in', `${payload.period} access review ${revocation.review_id}, by ${readablePerson(input.db, payload.reviewer)}`],
              ['Requested', formatUtc(revocation.requested_at)],
              ['Marked removed', revocation.done_at && revocation.done_by ? `${formatUtc(revocation.done_at)} by ${readablePerson(input.db, revocation.done_by)}` : 'not marked by hand: closed by this check'],
              ['Confirmed by the list of', `${formatUtc(snapshot.takenAt)}, filed as artifact ${snapshot.snapshotArtifactId} (SHA-256 of the accounts ${snapshot.snapshotSha256})`],
              ['Account in that list', state],
            ],
          },
        ],
      },
    ],
    history: [],
    payload: { revocation_request_id: revocation.request_id, system: system.id, account_id: revocation.account_id, snapshot_id: snapshot.snapshotId, snapshot_artifact_id: snapshot.snapshotArtifactId, snapshot_sha256: snapshot.snapshotSha256, account_state: state, closed_by_check: input.closedByCheck },
    format: 'json',
  };
}

export function revocationKind(deps: FlowDeps): RequestKind {
  const model = (request: RequestRow) => {
    const payload = JSON.parse(request.payload) as RevocationPayload;
    const system = deps.settings.systems.find((candidate) => candidate.id === payload.system);
    return { requestId: request.id, systemName: system?.name ?? payload.system, accountLabel: payload.accountLabel, roles: payload.roles, reviewer: payload.reviewer, period: payload.period };
  };
  return {
    kind: REVOCATION_KIND,
    buttonLabel: 'Mark removed',
    askMessage: (request) => revocationAskMessage(model(request)),
    open: async ({ request, userId, triggerId }) => {
      if (request.assignee !== userId) return void (await deps.slack.openView(triggerId, notYoursModal(request.assignee, request.title)));
      if (request.state === 'answered' || request.state === 'cancelled') return void (await deps.slack.openView(triggerId, requestClosedModal(request.title, request.state === 'answered' ? 'already done' : 'cancelled')));
      await deps.slack.openView(triggerId, revocationModal(model(request)));
    },
  };
}

const submission = z.object({
  note: z.string().trim().min(1).max(2000),
  link: z.string().url().max(3000).nullable(),
  confirmed: z.literal(true),
});

/** The owner marks an account removed: recorded and filed, then confirmed by the next listing. */
export async function submitRevocation(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: Record<string, Record<string, { value?: string | null; selected_options?: { value: string }[] }>> }): Promise<{ kind: 'done'; requestId: string } | { kind: 'duplicate' } | { kind: 'errors'; errors: Record<string, string> }> {
  const { db, clock, directory, evidence } = deps;
  const requestId = requestIdOf(input.privateMetadata);
  if (!requestId) return { kind: 'errors', errors: { [REVOCATION_IDS.noteBlock]: DAMAGED_FORM } };
  const values = input.values;
  const parsed = submission.safeParse({
    note: values[REVOCATION_IDS.noteBlock]?.[REVOCATION_IDS.noteAction]?.value ?? '',
    link: values[REVOCATION_IDS.linkBlock]?.[REVOCATION_IDS.linkAction]?.value || null,
    confirmed: (values[REVOCATION_IDS.confirmBlock]?.[REVOCATION_IDS.confirmAction]?.selected_options ?? []).some((option) => option.value === 'removed'),
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === 'note') errors[REVOCATION_IDS.noteBlock] = 'Say what was done (for example: removed from the organization, sessions revoked).';
      if (field === 'link') errors[REVOCATION_IDS.linkBlock] = 'That is not a link.';
      if (field === 'confirmed') errors[REVOCATION_IDS.confirmBlock] = 'Confirm the access is removed to sign.';
    }
    return { kind: 'errors', errors };
  }
  const person = directory.cached(input.userId);
  if (!person) return { kind: 'errors', errors: { [REVOCATION_IDS.noteBlock]: 'Your Slack profile is not known to evidence-bot yet. Try again in a minute.' } };
  const now = clock.now().toISOString();
  try {
    return await deps.writer.run(() => {
      const request = requestForAnswer(db, requestId, input.userId);
      const revocation = getRevocation(db, request.id);
      if (!revocation) throw new DomainError('This is not a revocation request.', 'not_revocation');
      const payload = JSON.parse(request.payload) as RevocationPayload;
      const system = deps.settings.systems.find((candidate) => candidate.id === payload.system);
      const response = { request_id: request.id, system: payload.system, account_id: payload.accountId, account: payload.accountLabel, note: parsed.data.note, link: parsed.data.link, confirmed: true, signer_slack_id: input.userId, submitted_at: now };
      const artifactId = newId();
      markAnswered(db, request, input.userId, response, new Date(now), artifactId);
      updateRevocation(db, request.id, { state: 'done', done_at: now, done_by: input.userId });
      evidence.enqueue({
        sourceKey: `request:${request.id}`,
        id: artifactId,
        kind: 'revocation',
        controls: system?.controls ?? deps.settings.controls.filter((control) => control.startsWith('CC6')),
        period: now.slice(0, 10),
        capturedAt: now,
        subject: payload.system,
        subjectLabel: system?.name ?? payload.system,
        title: `Access removed: ${payload.accountLabel} from ${system?.name ?? payload.system}`,
        requestId: request.id,
        signer: { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz },
        sections: [
          { heading: 'Removal', blocks: [{ type: 'fields', rows: [['Account', payload.accountLabel], ['Roles it had', payload.roles.join(', ') || 'none listed'], ['Revoked in', `${payload.period} access review, by ${readablePerson(db, payload.reviewer)}`], ['What was done', parsed.data.note], ['Ticket or change', parsed.data.link ?? 'none given']] }] },
          { heading: 'Verification', blocks: [{ type: 'paragraph', text: 'The next listing of the system checks the account is gone and files a confirmation that refers to this request.' }] },
        ],
        history: historyOf(db, request.id),
        payload: response,
        format: 'pdf',
      });
      return { kind: 'done' as const, requestId: request.id };
    });
  } catch (error) {
    if (error instanceof AlreadyAnsweredError && error.request.answered_by === 'evidence-bot') {
      return { kind: 'errors', errors: { [REVOCATION_IDS.noteBlock]: 'Already confirmed: the latest listing of the system no longer has this account.' } };
    }
    if (error instanceof AlreadyAnsweredError) return { kind: 'duplicate' };
    if (error instanceof DomainError) return { kind: 'errors', errors: { [REVOCATION_IDS.noteBlock]: error.message } };
    throw error;
  }
}
