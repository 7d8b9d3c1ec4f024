import { newId } from '../../ids.ts';
import { insertSnapshot, unverifiedRevocations } from '../../store/access-reviews.ts';
import type { FlowDeps } from '../deps.ts';
import { snapshotArtifact } from './artifacts.ts';
import { systemById } from './model.ts';
import { verifyRevocations } from './revocations.ts';
import { takeSnapshot } from './start.ts';

/**
 * Re-lists every system that has a revocation not yet confirmed, and confirms the ones whose
 * account is gone. A system whose connector fails is reported and left for the next check.
 */
export async function checkRevocations(deps: FlowDeps): Promise<{ checked: string[]; verified: number }> {
  const { db, clock, settings } = deps;
  const systems = [...new Set(unverifiedRevocations(db).map((revocation) => revocation.system))];
  let verified = 0;
  const checked: string[] = [];
  for (const systemId of systems) {
    const system = settings.systems.find((candidate) => candidate.id === systemId) ?? null;
    if (!system) continue;
    let frozen;
    try {
      frozen = await takeSnapshot(deps, systemById(settings, systemId));
    } catch {
      continue;
    }
    const takenAt = clock.now().toISOString();
    const snapshotId = newId();
    const artifactId = newId();
    verified += db.transaction(() => {
      insertSnapshot(db, { id: snapshotId, system: system.id, purpose: 'verification', source: frozen.source, taken_at: takenAt, accounts: JSON.stringify(frozen.accounts), account_count: frozen.accounts.length, sha256: frozen.sha256, artifact_id: artifactId });
      deps.evidence.enqueue(snapshotArtifact({ system, period: takenAt.slice(0, 10), purpose: 'verification', canonical: frozen.canonical, snapshot: { id: snapshotId, artifactId, sha256: frozen.sha256, takenAt, source: frozen.source, accounts: frozen.accounts } }));
      return verifyRevocations(deps, { system, accounts: frozen.accounts, snapshotId, snapshotArtifactId: artifactId, snapshotSha256: frozen.sha256, takenAt });
    })();
    checked.push(system.id);
  }
  return { checked, verified };
}
