import { newId } from '../../ids.ts';
import { getChecklist, getStep, insertVerification, stepsOf, updateChecklist, verificationsOf, type ChecklistRow, touchChecklist } from '../../store/checklists.ts';
import type { FlowDeps } from '../deps.ts';
import { verificationAlert } from '../../../views/checklist.ts';
import { verificationArtifact } from './artifacts.ts';
import { accessStepKey, accessTemplate, addAccessStep } from './discovery.ts';
import { fileListing } from './file-listing.ts';
import { accountFacts, accountsOf, connectedSystems, isLive, listSystem, personKeys, type Listing, type SystemCheck } from './listing.ts';
import { advance } from './progress.ts';
import { openStepRequest } from './step-requests.ts';
import { dueAt, roleOwner } from './templates.ts';

const DEFAULT_SLA_MS = 24 * 3_600_000;

/** When the leaver's access must be gone: the access-removal step's due time. */
export function accessDeadline(deps: FlowDeps, checklist: ChecklistRow): string {
  return dueAt(checklist.event_at, accessTemplate(deps, checklist)?.config.due ?? DEFAULT_SLA_MS);
}

export interface VerificationResult {
  clean: boolean;
  results: SystemCheck[];
  verificationId: string;
}

/**
 * Checks every connected system that the leaver's accounts are gone or disabled, and files the
 * check. An account still there reopens (or adds) its system's step, blocks the attestation and
 * alerts security; a system that cannot be listed is reported as unchecked, never as clean.
 */
export async function verifyOffboarding(deps: FlowDeps, checklistId: string): Promise<VerificationResult | null> {
  const { db, clock, settings } = deps;
  const checklist = getChecklist(db, checklistId);
  if (!checklist || checklist.type !== 'offboarding') return null;
  if (checklist.state !== 'open') {
    updateChecklist(db, checklistId, { verify_at: null });
    return null;
  }
  const keys = personKeys(checklist);
  const systems = connectedSystems(deps);
  const listings: { system: (typeof systems)[number]; listing: Listing }[] = [];
  for (const system of systems) listings.push({ system, listing: await listSystem(deps, system) });

  const at = clock.now().toISOString();
  const deadline = accessDeadline(deps, checklist);
  const previous = verificationsOf(db, checklistId);
  const deadlineChecked = previous.some((row) => row.reason === REASONS.deadline);
  const accessDone = stepsOf(db, checklistId).filter((step) => step.kind === 'access-removal').every((step) => step.state === 'done' || step.state === 'not_applicable');
  const reason = at >= deadline && !deadlineChecked ? REASONS.deadline : accessDone ? REASONS.accessDone : REASONS.retry;
  const verificationId = newId();
  const results: SystemCheck[] = [];

  const outcome = db.transaction(() => {
    for (const { system, listing } of listings) {
      if (!listing.ok) {
        results.push({ system: system.id, name: system.name, status: 'failed', accounts: [], listedAt: listing.takenAt, source: null, accountCount: null, sha256: null, snapshotArtifactId: null, error: listing.error });
        continue;
      }
      const { snapshotArtifactId } = fileListing(deps, { system, listing, period: checklist.effective_date, title: `Account list: ${system.name}, ${listing.takenAt.slice(0, 10)} (offboarding check of ${checklist.name})` });
      const found = accountsOf(system, listing.accounts, keys);
      const live = found.filter(isLive);
      results.push({
        system: system.id,
        name: system.name,
        status: live.length > 0 ? 'remaining' : found.length > 0 ? 'disabled' : 'gone',
        accounts: accountFacts(found),
        listedAt: listing.takenAt,
        source: listing.source,
        accountCount: listing.accounts.length,
        sha256: listing.sha256,
        snapshotArtifactId,
        error: null,
      });
    }
    const clean = results.every((result) => result.status === 'gone' || result.status === 'disabled');
    const artifactId = newId();
    const row = { id: verificationId, checklist_id: checklistId, at, reason, clean: clean ? 1 : 0, artifact_id: artifactId };
    insertVerification(db, { ...row, results: JSON.stringify(results) });
    deps.evidence.enqueue(verificationArtifact({ settings, checklist, verification: row, results }));
    results.forEach((result, index) => {
      if (result.status !== 'remaining') return;
      const system = systems.find((candidate) => candidate.id === result.system)!;
      const live = result.accounts.filter((account) => account.status !== 'deactivated' && account.status !== 'suspended');
      const step = getStep(db, checklistId, accessStepKey(system.id));
      if (!step) addAccessStep(deps, checklist, system, live, index);
      else if (step.state === 'done' || step.state === 'not_applicable') {
        const current = getChecklist(db, checklistId)!;
        openStepRequest(deps, current, step, step.assignee ?? roleOwner(settings, 'it') ?? system.reviewers[0]!, `the check of ${at.slice(0, 16).replace('T', ' ')} UTC found ${live.map((account) => `${account.label} (${account.status})`).join(', ')} still in ${system.name}`);
      }
    });
    const deadlinePending = reason !== REASONS.deadline && !deadlineChecked && at < deadline;
    const retry = new Date(clock.now().getTime() + settings.lifecycle.reverifyAfter).toISOString();
    const next = clean ? (deadlinePending ? deadline : null) : deadlinePending && deadline < retry ? deadline : retry;
    updateChecklist(db, checklistId, { verify_at: next });
    touchChecklist(db, checklistId);
    advance(deps, checklistId);
    return clean;
  })();

  deps.logger.info('offboarding verified', { checklistId, clean: outcome, reason, systems: results.map((result) => `${result.system}:${result.status}`) });
  if (!outcome) await alertSecurity(deps, checklist, results);
  return { clean: outcome, results, verificationId };
}

export const REASONS = { deadline: 'access-removal deadline', accessDone: 'every access step marked done', retry: 'check repeated' } as const;

async function alertSecurity(deps: FlowDeps, checklist: ChecklistRow, results: SystemCheck[]): Promise<void> {
  const { settings, slack, logger } = deps;
  const message = verificationAlert({ name: checklist.name, email: checklist.email, results, channel: checklist.channel });
  const targets = new Set<string>();
  const security = settings.lifecycle.roles.security.length > 0 ? settings.lifecycle.roles.security : [roleOwner(settings, 'security')].filter((id): id is string => id !== null);
  security.forEach((id) => targets.add(id));
  if (settings.complianceChannel) targets.add(settings.complianceChannel);
  for (const target of targets) {
    await slack.postMessage(target, message).catch((error: unknown) => logger.warn('could not send the offboarding alert', { target }, error));
  }
}
