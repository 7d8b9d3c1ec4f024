import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/connectors/types.ts';
import { ConnectorError } from '../../../src/connectors/types.ts';
import { diffSnapshots } from '../../../src/flows/access-review/diff.ts';
import { DEFAULT_ADMIN_PATTERN, flagsFor } from '../../../src/flows/access-review/flags.ts';
import { freezeSnapshot } from '../../../src/flows/access-review/snapshot.ts';

function account(id: string, roles: string[] = ['member'], overrides: Partial<Account> = {}): Account {
  return { id, email: `${id}@example.com`, displayName: id, roles, status: 'active', lastLogin: '2026-06-01T00:00:00.000Z', attributes: {}, ...overrides };
}

describe('snapshots and diffs', () => {
  it('when a list is frozen, then it is sorted by ID with sorted roles, and its hash does not depend on the input order', () => {
    const a = freezeSnapshot('github', [account('zoe', ['write', 'admin']), account('ann')]);
    const b = freezeSnapshot('github', [account('ann'), account('zoe', ['admin', 'write'])]);
    expect(a.accounts.map((x) => x.id)).toEqual(['ann', 'zoe']);
    expect(a.accounts[1]!.roles).toEqual(['admin', 'write']);
    expect(a.sha256).toBe(b.sha256);
    expect(a.canonical.startsWith('[{"attributes":{},"displayName":"ann"')).toBe(true);
  });

  it('when a list repeats an ID or has an empty one, then it is refused: a decision must name one account', () => {
    expect(() => freezeSnapshot('vercel', [account('ann'), account('bob'), account('ann')])).toThrow(new ConnectorError('vercel', 'the account list repeats IDs: ann'));
    expect(() => freezeSnapshot('vercel', [account('ann'), account(' ')])).toThrow('vercel: account 2 has no ID');
  });

  it('when two lists are compared, then added, removed and role changes are found by ID', () => {
    const before = [account('ann'), account('bob', ['member']), account('cat', ['admin'])];
    const after = [account('bob', ['admin', 'member']), account('cat', ['admin']), account('dan')];
    const diff = diffSnapshots(before, after);
    expect(diff.added.map((x) => x.id)).toEqual(['dan']);
    expect(diff.removed.map((x) => x.id)).toEqual(['ann']);
    expect(diff.roleChanged.map((change) => [change.account.id, change.before, change.after])).toEqual([['bob', ['member'], ['admin', 'member']]]);
    expect(diff.unchanged).toBe(1);
  });

  it('when there is no previous list, then nothing is called added', () => {
    expect(diffSnapshots(null, [account('ann')])).toEqual({ hasPrevious: false, added: [], removed: [], roleChanged: [], unchanged: 1 });
  });
});

describe('flags', () => {
  const context = { now: new Date('2026-07-01T00:00:00Z'), emailDomains: ['example.com'], adminPattern: DEFAULT_ADMIN_PATTERN, terminated: new Map([['gone@example.com', '2026-05-02T10:00:00Z']]) };

  it.each([
    ['an HR termination', account('gone'), ['terminated']],
    ['an admin role', account('ann', ['org:owner']), ['admin']],
    ['AdministratorAccess', account('ops', ['policy:AdministratorAccess']), ['admin']],
    ['a role that only contains the word', account('ann', ['badminton-club']), []],
    ['no login for 91 days', account('ann', ['member'], { lastLogin: '2026-04-01T00:00:00Z' }), ['no-login-90d']],
    ['an external email', account('ann', ['member'], { email: 'ann@gmail.com' }), ['external-domain']],
    ['a subdomain of ours', account('ann', ['member'], { email: 'ann@eu.example.com' }), []],
    ['a suspended account', account('ann', ['member'], { status: 'suspended' }), ['inactive-status']],
  ])('when an account has %s, then it is flagged %j', (_what, subject, codes) => {
    expect(flagsFor(subject, context).map((flag) => flag.code)).toEqual(codes);
  });

  it('when several apply, then the most serious comes first with readable text', () => {
    const flags = flagsFor(account('gone', ['admin'], { lastLogin: '2026-01-01T00:00:00Z' }), context);
    expect(flags.map((flag) => flag.text)).toEqual(['HR: terminated 2026-05-02', 'admin role: admin', 'no login since 2026-01-01']);
  });
});
