import type { Account } from '../../connectors/types.ts';

export type FlagCode = 'terminated' | 'admin' | 'no-login-90d' | 'external-domain' | 'inactive-status';

export interface Flag {
  code: FlagCode;
  text: string;
}

export interface FlagContext {
  now: Date;
  /** The organization's own email domains; empty means "do not judge". */
  emailDomains: string[];
  adminPattern: RegExp;
  /** Lower-cased emails HR marked as terminated, with the date. */
  terminated: Map<string, string>;
}

export const DEFAULT_ADMIN_PATTERN = /(^|[^a-z])(admin|administrator|owner|root|superuser)([^a-z]|$)|AdministratorAccess/i;
const STALE_MS = 90 * 86_400_000;

/** What a reviewer should look at twice, most serious first. */
export function flagsFor(account: Account, context: FlagContext): Flag[] {
  const flags: Flag[] = [];
  const email = account.email?.toLowerCase() ?? null;
  const terminatedOn = email ? context.terminated.get(email) : undefined;
  if (terminatedOn) flags.push({ code: 'terminated', text: `HR: terminated ${terminatedOn.slice(0, 10)}` });
  const adminRoles = account.roles.filter((role) => context.adminPattern.test(role));
  if (adminRoles.length > 0) flags.push({ code: 'admin', text: `admin role: ${adminRoles.join(', ')}` });
  if (account.status === 'active') {
    if (account.lastLogin && context.now.getTime() - new Date(account.lastLogin).getTime() > STALE_MS) {
      flags.push({ code: 'no-login-90d', text: `no login since ${account.lastLogin.slice(0, 10)}` });
    }
  } else if (account.status === 'suspended' || account.status === 'invited') {
    flags.push({ code: 'inactive-status', text: account.status });
  }
  if (email && context.emailDomains.length > 0) {
    const domain = email.split('@')[1] ?? '';
    if (!context.emailDomains.some((own) => domain === own || domain.endsWith(`.${own}`))) flags.push({ code: 'external-domain', text: `external: ${domain}` });
  }
  return flags;
}
