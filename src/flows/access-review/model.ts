import type { Cadence, Settings, SystemConfig } from '../../config-schema.ts';
import { NotFoundError } from '../../errors.ts';
import { DEFAULT_ADMIN_PATTERN } from './flags.ts';

export const REVIEW_KIND = 'access-review';
export const REVOCATION_KIND = 'revocation';

/** What a review part (a request to one reviewer) covers, frozen when the review starts. */
export interface ReviewPartPayload {
  reviewId: string;
  system: string;
  period: string;
  snapshotId: string;
  /** The accounts this reviewer decides on, in the order the modal pages through them. */
  accountIds: string[];
}

export interface RevocationPayload {
  reviewId: string;
  system: string;
  accountId: string;
  accountLabel: string;
  roles: string[];
  reviewer: string;
  period: string;
}

export function systemById(settings: Settings, id: string): SystemConfig {
  const system = settings.systems.find((candidate) => candidate.id === id.toLowerCase());
  if (!system) {
    const known = settings.systems.map((candidate) => candidate.id).join(', ') || 'none';
    // What the person typed is echoed back cut short and stripped of Slack's markup characters.
    const shown = id.slice(0, 60).replace(/[<>&*_~`]/g, '');
    throw new NotFoundError(`Unknown system "${shown}". Configured systems: ${known}.`);
  }
  return system;
}

/** Reviews run on the 15th of the last month of each period, so there is time to chase before it ends. */
const CADENCE_CRON: Record<Cadence, string> = {
  monthly: '0 9 15 * *',
  quarterly: '0 9 15 3,6,9,12 *',
  semiannual: '0 9 15 6,12 *',
  annual: '0 9 15 11 *',
};

export function reviewCron(system: SystemConfig): string {
  return system.schedule ?? CADENCE_CRON[system.cadence];
}

/** The period a review started at `at` covers: the month, quarter, half or year it falls in. */
export function reviewPeriod(cadence: Cadence, at: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric' }).formatToParts(at).map((part) => [part.type, part.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  switch (cadence) {
    case 'monthly':
      return `${year}-${String(month).padStart(2, '0')}`;
    case 'quarterly':
      return `${year}-Q${Math.ceil(month / 3)}`;
    case 'semiannual':
      return `${year}-H${month <= 6 ? 1 : 2}`;
    case 'annual':
      return String(year);
  }
}

export function adminPatternFor(system: SystemConfig): RegExp {
  return system.adminRoles ? new RegExp(system.adminRoles, 'i') : DEFAULT_ADMIN_PATTERN;
}

export function accountLabel(account: { id: string; email: string | null; displayName: string }): string {
  return account.email ?? (account.displayName && account.displayName !== account.id ? `${account.displayName} (${account.id})` : account.id);
}
