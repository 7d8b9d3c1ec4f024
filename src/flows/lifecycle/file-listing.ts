import type { SystemConfig } from '../../config-schema.ts';
import { newId } from '../../ids.ts';
import { insertSnapshot } from '../../store/access-reviews.ts';
import { snapshotArtifact } from '../access-review/artifacts.ts';
import type { FlowDeps } from '../deps.ts';
import type { Listing } from './listing.ts';

/**
 * Files a list an offboarding step was read from as an access-snapshot artifact, so the hash a
 * checklist cites can be checked against the accounts themselves. Call inside a transaction.
 */
export function fileListing(deps: FlowDeps, input: { system: SystemConfig; listing: Extract<Listing, { ok: true }>; period: string; title: string }): { snapshotArtifactId: string } {
  const { system, listing } = input;
  const snapshotId = newId();
  const snapshotArtifactId = newId();
  insertSnapshot(deps.db, { id: snapshotId, system: system.id, purpose: 'verification', source: listing.source, taken_at: listing.takenAt, accounts: JSON.stringify(listing.accounts), account_count: listing.accounts.length, sha256: listing.sha256, artifact_id: snapshotArtifactId });
  const snapshot = snapshotArtifact({ system, period: input.period, purpose: 'verification', canonical: listing.canonical, snapshot: { id: snapshotId, artifactId: snapshotArtifactId, sha256: listing.sha256, takenAt: listing.takenAt, source: listing.source, accounts: listing.accounts } });
  deps.evidence.enqueue({ ...snapshot, title: input.title.slice(0, 200) });
  return { snapshotArtifactId };
}
