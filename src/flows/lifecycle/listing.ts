import type { SystemConfig } from '../../config-schema.ts';
import { ConnectorError, type Account } from '../../connectors/types.ts';
import { errorMessage } from '../../errors.ts';
import { recordConnectorRun } from '../../store/access-reviews.ts';
import type { ChecklistRow } from '../../store/checklists.ts';
import { accountLabel } from '../access-review/model.ts';
import { freezeSnapshot, type FrozenSnapshot } from '../access-review/snapshot.ts';
import type { FlowDeps } from '../deps.ts';

export type Listing = ({ ok: true; source: string; takenAt: string } & FrozenSnapshot) | { ok: false; error: string; takenAt: string };

/** One system's accounts, frozen and hashed; a failure is returned (and recorded for status), never taken for "no accounts". */
export async function listSystem(deps: FlowDeps, system: SystemConfig): Promise<Listing> {
  const { db, clock } = deps;
  try {
    const connector = deps.connectors(system);
    const frozen = freezeSnapshot(system.name, await connector.listAccounts());
    const takenAt = clock.now().toISOString();
    recordConnectorRun(db, system.id, takenAt, { ok: true, accounts: frozen.accounts.length });
    return { ok: true, source: connector.source, takenAt, ...frozen };
  } catch (error) {
    const detail = error instanceof ConnectorError ? error.message.replace(`${error.system}: `, '') : errorMessage(error);
    const takenAt = clock.now().toISOString();
    recordConnectorRun(db, system.id, takenAt, { ok: false, error: detail });
    deps.logger.warn('connector failed during an offboarding check', { system: system.id, error: detail });
    return { ok: false, error: detail, takenAt };
  }
}

export interface PersonKeys {
  email: string;
  slackId: string | null;
  /** Account IDs per system the HR event gave. */
  accounts: Record<string, string>;
}

export function personKeys(checklist: Pick<ChecklistRow, 'email' | 'person_slack_id' | 'accounts'>): PersonKeys {
  return { email: checklist.email.toLowerCase(), slackId: checklist.person_slack_id, accounts: JSON.parse(checklist.accounts) as Record<string, string> };
}

/** The person's accounts in a system: by email, by the ID HR gave for it, or by Slack ID in a Slack workspace. */
export function accountsOf(system: SystemConfig, accounts: Account[], person: PersonKeys): Account[] {
  const knownId = person.accounts[system.id]?.toLowerCase();
  return accounts.filter((account) => {
    const id = account.id.toLowerCase();
    if (account.email?.toLowerCase() === person.email || id === person.email) return true;
    if (knownId && id === knownId) return true;
    return system.connector?.type === 'slack' && person.slackId !== null && account.id === person.slackId;
  });
}

/** Access that still counts: anything not deactivated or suspended. */
export function isLive(account: Account): boolean {
  return account.status !== 'deactivated' && account.status !== 'suspended';
}

export interface AccountFact {
  id: string;
  label: string;
  status: Account['status'];
}

export function accountFacts(accounts: Account[]): AccountFact[] {
  return accounts.map((account) => ({ id: account.id, label: accountLabel(account), status: account.status }));
}

/** What one system said about the person in an offboarding check. */
export interface SystemCheck {
  system: string;
  name: string;
  status: 'gone' | 'disabled' | 'remaining' | 'failed';
  accounts: AccountFact[];
  listedAt: string;
  source: string | null;
  accountCount: number | null;
  /** SHA-256 of the frozen list the result was read from (filed as an access-snapshot artifact). */
  sha256: string | null;
  snapshotArtifactId: string | null;
  error: string | null;
}

/** What one system said about the person when offboarding started. */
export interface DiscoveryEntry {
  system: string;
  name: string;
  status: 'found' | 'disabled' | 'none' | 'failed';
  accounts: AccountFact[];
  listedAt: string;
  error: string | null;
  /** The list read (absent from checklists started before lists were filed at discovery). */
  accountCount?: number | null;
  sha256?: string | null;
  snapshotArtifactId?: string | null;
}

export function connectedSystems(deps: FlowDeps): SystemConfig[] {
  return deps.settings.systems.filter((system) => system.connector);
}
