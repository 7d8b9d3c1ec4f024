import type { ChecklistStepConfig, SystemConfig } from '../../config-schema.ts';
import { getChecklist, getStep, insertWaitingStep, stepsOf, updateChecklist, type ChecklistRow, touchChecklist } from '../../store/checklists.ts';
import type { FlowDeps } from '../deps.ts';
import { fileListing } from './file-listing.ts';
import { accountFacts, accountsOf, connectedSystems, isLive, listSystem, personKeys, type AccountFact, type DiscoveryEntry, type Listing } from './listing.ts';
import { controlsFor } from './model.ts';
import { advance } from './progress.ts';
import { dueAt, systemOwner, templateFor } from './templates.ts';

const DEFAULT_ACCESS_STEP: ChecklistStepConfig = { key: 'access', title: 'Remove access', owner: 'it', due: 24 * 3_600_000, needs: ['note'], kind: 'access-removal' };

/** The template's access-removal step and its place in the checklist, which per-system steps inherit. */
export function accessTemplate(deps: FlowDeps, checklist: ChecklistRow): { config: ChecklistStepConfig; position: number } | null {
  const template = templateFor(deps.settings, checklist.type, checklist.department);
  const index = template.findIndex((step) => step.kind === 'access-removal');
  if (index < 0) return null;
  return { config: template[index]!, position: index * 10 };
}

export function accessStepKey(systemId: string): string {
  return `access-${systemId}`;
}

function accessTitle(system: SystemConfig, accounts: AccountFact[] | null): string {
  if (!accounts) return `Check ${system.name} by hand and remove any access: its account list could not be read`;
  const labels = accounts.map((account) => account.label).join(', ');
  const title = `Remove ${labels} from ${system.name}`;
  return title.length <= 150 ? title : `Remove ${accounts.length} accounts from ${system.name}`;
}

/** Adds the step that removes a leaver's access to one system (the owner is asked by `advance`). Call inside a transaction. */
export function addAccessStep(deps: FlowDeps, checklist: ChecklistRow, system: SystemConfig, accounts: AccountFact[] | null, index: number): void {
  const { db, settings } = deps;
  const key = accessStepKey(system.id);
  if (getStep(db, checklist.id, key)) return;
  const template = accessTemplate(deps, checklist) ?? { config: DEFAULT_ACCESS_STEP, position: 5 };
  insertWaitingStep(db, {
    checklist_id: checklist.id,
    step_key: key,
    position: template.position + Math.min(index, 9),
    kind: 'access-removal',
    title: accessTitle(system, accounts),
    owner: 'system-owner',
    system: system.id,
    assignee: systemOwner(settings, system),
    request_id: null,
    due_at: dueAt(checklist.event_at, template.config.due),
    controls: JSON.stringify(controlsFor(settings, checklist.type, template.config.controls)),
    needs: template.config.needs,
  });
}

/**
 * Lists every connected system when offboarding starts, and adds an access-removal step for each
 * system where the leaver still has a live account, or whose list could not be read (to be
 * checked by hand). Works for someone never onboarded here: only the connectors' view counts.
 */
export async function discoverAccess(deps: FlowDeps, checklistId: string): Promise<DiscoveryEntry[]> {
  const { db, clock } = deps;
  const checklist = getChecklist(db, checklistId);
  if (!checklist || checklist.state !== 'open' || checklist.discovered_at) return [];
  const keys = personKeys(checklist);
  const entries: DiscoveryEntry[] = [];
  const listings: { system: SystemConfig; listing: Listing }[] = [];
  for (const system of connectedSystems(deps)) listings.push({ system, listing: await listSystem(deps, system) });
  const wantsSteps = accessTemplate(deps, checklist) !== null;
  db.transaction(() => {
    const current = getChecklist(db, checklistId);
    if (!current || current.state !== 'open' || current.discovered_at) return;
    for (const { system, listing } of listings) {
      if (!listing.ok) {
        entries.push({ system: system.id, name: system.name, status: 'failed', accounts: [], listedAt: listing.takenAt, error: listing.error, accountCount: null, sha256: null, snapshotArtifactId: null });
        continue;
      }
      const found = accountsOf(system, listing.accounts, keys);
      const live = found.filter(isLive);
      const status = live.length > 0 ? 'found' : found.length > 0 ? 'disabled' : 'none';
      const { snapshotArtifactId } = fileListing(deps, { system, listing, period: current.effective_date, title: `Account list: ${system.name}, ${listing.takenAt.slice(0, 10)} (offboarding of ${current.name} started)` });
      entries.push({ system: system.id, name: system.name, status, accounts: accountFacts(found), listedAt: listing.takenAt, error: null, accountCount: listing.accounts.length, sha256: listing.sha256, snapshotArtifactId });
    }
    if (wantsSteps) {
      entries.forEach((entry, index) => {
        const system = connectedSystems(deps).find((candidate) => candidate.id === entry.system)!;
        if (entry.status === 'found') addAccessStep(deps, current, system, entry.accounts.filter((account) => account.status !== 'deactivated' && account.status !== 'suspended'), index);
        if (entry.status === 'failed') addAccessStep(deps, current, system, null, index);
      });
    }
    updateChecklist(db, checklistId, { discovery: JSON.stringify(entries), discovered_at: clock.now().toISOString() });
    touchChecklist(db, checklistId);
    advance(deps, checklistId);
  })();
  deps.logger.info('offboarding systems listed', { checklistId, steps: stepsOf(db, checklistId).filter((step) => step.kind === 'access-removal').length });
  return entries;
}
