import type { Account } from '../../connectors/types.ts';

export interface RoleChange {
  account: Account;
  before: string[];
  after: string[];
}

export interface SnapshotDiff {
  /** False for a system's first review: everything is new, nothing is "added". */
  hasPrevious: boolean;
  added: Account[];
  removed: Account[];
  roleChanged: RoleChange[];
  unchanged: number;
}

function sameRoles(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const other = new Set(b);
  return a.every((role) => other.has(role));
}

/** Added, removed and role-changed accounts between two snapshots of one system, by account ID. */
export function diffSnapshots(previous: Account[] | null, current: Account[]): SnapshotDiff {
  if (!previous) return { hasPrevious: false, added: [], removed: [], roleChanged: [], unchanged: current.length };
  const before = new Map(previous.map((account) => [account.id, account]));
  const after = new Set<string>();
  const added: Account[] = [];
  const roleChanged: RoleChange[] = [];
  let unchanged = 0;
  for (const account of current) {
    after.add(account.id);
    const old = before.get(account.id);
    if (!old) added.push(account);
    else if (!sameRoles(old.roles, account.roles)) roleChanged.push({ account, before: old.roles, after: account.roles });
    else unchanged += 1;
  }
  const removed = previous.filter((account) => !after.has(account.id));
  return { hasPrevious: true, added, removed, roleChanged, unchanged };
}
