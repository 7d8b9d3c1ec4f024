import type { SystemConfig } from '../../config-schema.ts';
import { ConnectorError, type Account } from '../../connectors/types.ts';
import { DomainError, errorMessage } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { activeReview, insertReview, insertSnapshot, latestReviewSnapshot, recordConnectorRun, snapshotAccounts, terminatedEmails } from '../../store/access-reviews.ts';
import { insertRequest } from '../../store/requests.ts';
import type { FlowDeps } from '../deps.ts';
import { escapeMrkdwn } from '../../../views/text.ts';
import { timingFor } from '../escalation.ts';
import { diffSnapshots } from './diff.ts';
import { flagsFor } from './flags.ts';
import { adminPatternFor, REVIEW_KIND, reviewPeriod, systemById, type ReviewPartPayload } from './model.ts';
import { snapshotArtifact } from './artifacts.ts';
import { verifyRevocations } from './revocations.ts';
import { routeAccounts } from './routing.ts';
import { freezeSnapshot, type FrozenSnapshot } from './snapshot.ts';

export interface StartedReview {
  reviewId: string;
  system: string;
  period: string;
  accounts: number;
  parts: number;
  snapshotSha256: string;
  added: number;
  removed: number;
  roleChanged: number;
  flagged: number;
}

/**
 * Lists a system's accounts, freezes the list (stored and filed as a JSON artifact with its
 * SHA-256), compares it with the last review's list, and asks the reviewer(s). A connector
 * failure stops this system's review only: it is recorded, reported to the compliance channel,
 * and nothing of the review is written.
 */
export async function startReview(deps: FlowDeps, input: { systemId: string; startedBy: string }): Promise<StartedReview> {
  const { db, clock, settings, directory } = deps;
  const system = systemById(settings, input.systemId);
  const period = reviewPeriod(system.cadence, clock.now(), settings.timezone);
  const existing = activeReview(db, system.id, period);
  if (existing) {
    throw new DomainError(`${system.name} already has a ${period} access review (${existing.state}, started ${existing.started_at.slice(0, 10)}).`, 'review_exists');
  }
  const frozen = await takeSnapshot(deps, system);
  const takenAt = clock.now().toISOString();
  const previousRow = latestReviewSnapshot(db, system.id);
  const previous = previousRow ? snapshotAccounts(previousRow) : null;
  const diff = diffSnapshots(previous, frozen.accounts);
  const context = { now: clock.now(), emailDomains: settings.emailDomains, adminPattern: adminPatternFor(system), terminated: terminatedEmails(db) };
  const flagged = frozen.accounts.filter((account) => flagsFor(account, context).length > 0).length;
  // Routing by manager needs to know whose account is whose: refresh the people list first.
  if (system.routing === 'manager') await directory.refreshAll();
  const parts = routeAccounts(system, frozen.accounts, { db, directory, admins: settings.admins });
  const reviewId = newId();
  const snapshotId = newId();
  const artifactId = newId();
  const dueAt = new Date(clock.now().getTime() + timingFor(settings, REVIEW_KIND).escalateAfter).toISOString();

  db.transaction(() => {
    // Listing took a while: the same command delivered twice may have started the review meanwhile.
    const started = activeReview(db, system.id, period);
    if (started) throw new DomainError(`${system.name} already has a ${period} access review (${started.state}, started ${started.started_at.slice(0, 10)}).`, 'review_exists');
    insertSnapshot(db, { id: snapshotId, system: system.id, purpose: 'review', source: frozen.source, taken_at: takenAt, accounts: JSON.stringify(frozen.accounts), account_count: frozen.accounts.length, sha256: frozen.sha256, artifact_id: artifactId });
    deps.evidence.enqueue(snapshotArtifact({ system, period, purpose: 'review', canonical: frozen.canonical, snapshot: { id: snapshotId, artifactId, sha256: frozen.sha256, takenAt, source: frozen.source, accounts: frozen.accounts } }));
    insertReview(db, { id: reviewId, system: system.id, period, snapshot_id: snapshotId, previous_snapshot_id: previousRow?.id ?? null, state: 'open', started_at: takenAt, started_by: input.startedBy, completed_at: null, artifact_id: null });
    for (const part of parts) {
      const payload: ReviewPartPayload = { reviewId, system: system.id, period, snapshotId, accountIds: part.accountIds };
      const title = parts.length === 1 ? `Access review: ${system.name}, ${period}` : `Access review: ${system.name}, ${period} (${part.accountIds.length} of ${frozen.accounts.length} accounts)`;
      insertRequest(db, { id: newId(), kind: REVIEW_KIND, subject: system.id, title, controls: system.controls, assignee: part.reviewer, dedupeKey: `${REVIEW_KIND}:${reviewId}:${part.reviewer}`, payload, dueAt }, clock.now());
    }
    verifyRevocations(deps, { system, accounts: frozen.accounts, snapshotId, snapshotArtifactId: artifactId, snapshotSha256: frozen.sha256, takenAt });
  })();
  deps.logger.info('access review started', { reviewId, system: system.id, period, accounts: frozen.accounts.length, parts: parts.length });
  return { reviewId, system: system.id, period, accounts: frozen.accounts.length, parts: parts.length, snapshotSha256: frozen.sha256, added: diff.added.length, removed: diff.removed.length, roleChanged: diff.roleChanged.length, flagged };
}

/** Lists and freezes a system's accounts, recording the run; failures are reported, then rethrown. */
export async function takeSnapshot(deps: FlowDeps, system: SystemConfig): Promise<FrozenSnapshot & { source: string }> {
  const { db, clock } = deps;
  try {
    const connector = deps.connectors(system);
    const accounts: Account[] = await connector.listAccounts();
    const frozen = freezeSnapshot(system.name, accounts);
    recordConnectorRun(db, system.id, clock.now().toISOString(), { ok: true, accounts: accounts.length });
    // Read after listing: a file connector names the export it actually read.
    return { ...frozen, source: connector.source };
  } catch (error) {
    // ConnectorError messages start with the system's name; the sentence around them says it already.
    const detail = error instanceof ConnectorError ? error.message.replace(`${error.system}: `, '') : errorMessage(error);
    recordConnectorRun(db, system.id, clock.now().toISOString(), { ok: false, error: detail });
    await reportConnectorFailure(deps, system, detail);
    throw new DomainError(`Could not list the accounts of ${system.name}: ${detail}`, 'connector_failed');
  }
}

async function reportConnectorFailure(deps: FlowDeps, system: SystemConfig, message: string): Promise<void> {
  deps.logger.error('connector failed', { system: system.id, error: message });
  const channel = deps.settings.complianceChannel;
  if (!channel) return;
  await deps.slack
    .postMessage(channel, { text: `:x: Could not list the accounts of ${escapeMrkdwn(system.name)}, so its access review did not start: ${escapeMrkdwn(message)}. Other systems are not affected.` })
    .catch((error: unknown) => deps.logger.warn('could not report the connector failure to Slack', error));
}
