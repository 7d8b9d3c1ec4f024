import type { Account } from '../../connectors/types.ts';
import { NotFoundError } from '../../errors.ts';
import { decisionsOf, draftComment, getReview, getSnapshot, snapshotAccounts, terminatedEmails } from '../../store/access-reviews.ts';
import type { RequestRow } from '../../store/requests.ts';
import { PAGE_SIZE, type ReviewPageModel } from '../../../views/access-review.ts';
import type { FlowDeps } from '../deps.ts';
import { diffSnapshots } from './diff.ts';
import { flagsFor, type Flag } from './flags.ts';
import { accountLabel, adminPatternFor, systemById, type ReviewPartPayload } from './model.ts';

export interface PartContext {
  request: RequestRow;
  payload: ReviewPartPayload;
  /** This part's accounts, in the order the modal pages through them. */
  accounts: Account[];
  allAccounts: Account[];
  previous: Account[] | null;
  flags: Map<string, Flag[]>;
  snapshot: { id: string; sha256: string; takenAt: string; source: string; artifactId: string };
  previousSnapshot: { sha256: string; takenAt: string } | null;
}

/** Everything a review part needs, read back from the frozen snapshot: never from live data. */
export function loadPart(deps: FlowDeps, request: RequestRow): PartContext {
  const { db, settings } = deps;
  const payload = JSON.parse(request.payload) as ReviewPartPayload;
  const review = getReview(db, payload.reviewId);
  const snapshot = getSnapshot(db, payload.snapshotId);
  if (!review || !snapshot) throw new NotFoundError('This review no longer exists.');
  const previousRow = review.previous_snapshot_id ? getSnapshot(db, review.previous_snapshot_id) : undefined;
  const system = systemById(settings, payload.system);
  const allAccounts = snapshotAccounts(snapshot);
  const byId = new Map(allAccounts.map((account) => [account.id, account]));
  const accounts = payload.accountIds.map((id) => byId.get(id)).filter((account): account is Account => account !== undefined);
  const context = { now: new Date(snapshot.taken_at), emailDomains: settings.emailDomains, adminPattern: adminPatternFor(system), terminated: terminatedEmails(db) };
  const flags = new Map(allAccounts.map((account) => [account.id, flagsFor(account, context)]));
  return {
    request,
    payload,
    accounts,
    allAccounts,
    previous: previousRow ? snapshotAccounts(previousRow) : null,
    flags,
    snapshot: { id: snapshot.id, sha256: snapshot.sha256, takenAt: snapshot.taken_at, source: snapshot.source, artifactId: snapshot.artifact_id },
    previousSnapshot: previousRow ? { sha256: previousRow.sha256, takenAt: previousRow.taken_at } : null,
  };
}

export function pageCount(part: PartContext): number {
  return Math.max(1, Math.ceil(part.accounts.length / PAGE_SIZE));
}

/** The model of one modal page, with the reviewer's saved choices and comment. */
export function pageModel(deps: FlowDeps, part: PartContext, page: number): ReviewPageModel {
  const { db, settings } = deps;
  const system = systemById(settings, part.payload.system);
  const pages = pageCount(part);
  const current = Math.min(Math.max(page, 0), pages - 1);
  const decisions = decisionsOf(db, part.request.id);
  const start = current * PAGE_SIZE;
  const mine = new Set(part.payload.accountIds);
  const diff = diffSnapshots(part.previous, part.allAccounts);
  const label = (account: Account) => accountLabel(account);
  return {
    requestId: part.request.id,
    systemName: system.name,
    period: part.payload.period,
    source: part.snapshot.source,
    snapshotTakenAt: part.snapshot.takenAt,
    snapshotSha256: part.snapshot.sha256,
    page: current,
    pages,
    totalAccounts: part.accounts.length,
    flaggedAccounts: part.accounts.filter((account) => (part.flags.get(account.id) ?? []).length > 0).length,
    revokeLabels: part.accounts.filter((account) => decisions.get(account.id) === 'revoke').map(label),
    rows: part.accounts.slice(start, start + PAGE_SIZE).map((account, offset) => ({
      index: start + offset,
      label: label(account),
      name: account.displayName,
      roles: account.roles,
      status: account.status,
      lastLogin: account.lastLogin,
      flags: (part.flags.get(account.id) ?? []).map((flag) => flag.text),
      decision: decisions.get(account.id) ?? 'keep',
    })),
    comment: draftComment(db, part.request.id),
    changes:
      current === 0
        ? {
            hasPrevious: diff.hasPrevious,
            added: diff.added.filter((account) => mine.has(account.id)).map(label),
            removed: diff.removed.map(label),
            roleChanged: diff.roleChanged.filter((change) => mine.has(change.account.id)).map((change) => `${label(change.account)} (${change.before.join(', ') || 'none'} → ${change.after.join(', ') || 'none'})`),
          }
        : null,
  };
}
