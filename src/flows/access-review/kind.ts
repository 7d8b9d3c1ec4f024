import { getReview, getSnapshot, snapshotAccounts, terminatedEmails } from '../../store/access-reviews.ts';
import { reviewAskMessage } from '../../../views/access-review.ts';
import type { FlowDeps } from '../deps.ts';
import type { RequestKind } from '../request-kinds.ts';
import { diffSnapshots } from './diff.ts';
import { openReview } from './draft.ts';
import { flagsFor } from './flags.ts';
import { adminPatternFor, REVIEW_KIND, systemById, type ReviewPartPayload } from './model.ts';

export function accessReviewKind(deps: FlowDeps): RequestKind {
  return {
    kind: REVIEW_KIND,
    buttonLabel: 'Review access',
    askMessage: (request) => {
      const payload = JSON.parse(request.payload) as ReviewPartPayload;
      const system = systemById(deps.settings, payload.system);
      const review = getReview(deps.db, payload.reviewId);
      const snapshot = getSnapshot(deps.db, payload.snapshotId);
      const accounts = snapshot ? snapshotAccounts(snapshot) : [];
      const previous = review?.previous_snapshot_id ? getSnapshot(deps.db, review.previous_snapshot_id) : undefined;
      const diff = diffSnapshots(previous ? snapshotAccounts(previous) : null, accounts);
      const mine = new Set(payload.accountIds);
      const context = { now: new Date(snapshot?.taken_at ?? request.created_at), emailDomains: deps.settings.emailDomains, adminPattern: adminPatternFor(system), terminated: terminatedEmails(deps.db) };
      return reviewAskMessage({
        requestId: request.id,
        systemName: system.name,
        period: payload.period,
        accounts: payload.accountIds.length,
        added: diff.added.filter((account) => mine.has(account.id)).length,
        removed: diff.removed.length,
        roleChanged: diff.roleChanged.filter((change) => mine.has(change.account.id)).length,
        flagged: accounts.filter((account) => mine.has(account.id) && flagsFor(account, context).length > 0).length,
        hasPrevious: diff.hasPrevious,
      });
    },
    open: (input) => openReview(deps, input),
  };
}
