import type { SystemConfig } from '../../config-schema.ts';
import type { Account } from '../../connectors/types.ts';
import { hrManagerEmail } from '../../store/access-reviews.ts';
import type { Db } from '../../store/db.ts';
import { stmt } from '../../store/statements.ts';
import type { Directory } from '../directory.ts';

export interface ReviewPart {
  reviewer: string;
  accountIds: string[];
}

function slackIdByEmail(db: Db, email: string): string | null {
  return (stmt(db, 'SELECT slack_id FROM people WHERE lower(email) = ? AND deleted = 0').pluck().get(email.toLowerCase()) as string | undefined) ?? null;
}

/**
 * Who decides on which account. `reviewer` routing: the system's first reviewer, for all.
 * `manager` routing: each account goes to its owner's manager (from the config's managers, or
 * HR's manager email), and whatever cannot be placed goes to the system's first reviewer. Nobody
 * reviews their own account.
 */
export function routeAccounts(system: SystemConfig, accounts: Account[], deps: { db: Db; directory: Directory; admins: string[] }): ReviewPart[] {
  const admins = deps.admins;
  const fallback = system.reviewers[0]!;
  if (system.routing === 'reviewer') return [{ reviewer: fallback, accountIds: accounts.map((account) => account.id) }];
  const parts = new Map<string, string[]>();
  for (const account of accounts) {
    let reviewer = fallback;
    const owner = account.email ? slackIdByEmail(deps.db, account.email) : null;
    const manager = owner ? deps.directory.managerOf(owner) : null;
    const hrManager = !manager && account.email ? hrManagerEmail(deps.db, account.email) : null;
    const candidate = manager ?? (hrManager ? slackIdByEmail(deps.db, hrManager) : null);
    if (candidate && candidate !== owner) reviewer = candidate;
    if (reviewer === owner) reviewer = [...system.reviewers, ...admins].find((id) => id !== owner) ?? fallback;
    parts.set(reviewer, [...(parts.get(reviewer) ?? []), account.id]);
  }
  return [...parts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([reviewer, accountIds]) => ({ reviewer, accountIds }));
}
