import type { Account } from '../../connectors/types.ts';
import { ConnectorError } from '../../connectors/types.ts';
import { canonicalJson } from '../../evidence/canonical-json.ts';
import { sha256Hex } from '../../evidence/hash.ts';

export interface FrozenSnapshot {
  accounts: Account[];
  /** Canonical JSON of the accounts, sorted by ID: the bytes the SHA-256 is taken over. */
  canonical: string;
  sha256: string;
}

/**
 * Freezes a connector's list: sorted by ID, roles sorted, hashed. Duplicate or empty IDs are
 * refused, because a decision recorded against an ambiguous account proves nothing.
 */
export function freezeSnapshot(system: string, accounts: Account[]): FrozenSnapshot {
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  accounts.forEach((account, index) => {
    if (typeof account.id !== 'string' || account.id.trim() === '') throw new ConnectorError(system, `account ${index + 1} has no ID`);
    if (seen.has(account.id)) duplicates.push(account.id);
    seen.set(account.id, index);
  });
  if (duplicates.length > 0) throw new ConnectorError(system, `the account list repeats IDs: ${[...new Set(duplicates)].slice(0, 5).join(', ')}`);
  const sorted = accounts
    .map((account) => ({ ...account, roles: [...new Set(account.roles)].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const canonical = canonicalJson(sorted);
  return { accounts: sorted, canonical, sha256: sha256Hex(canonical) };
}
