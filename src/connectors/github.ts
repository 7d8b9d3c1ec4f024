import { systemClock, type Clock } from '../clock.ts';
import { readAllPages, type GitHubHttpOptions } from './github-http.ts';
import { normaliseEmail } from './normalise.ts';
import { ConnectorError, type Account, type Connector } from './types.ts';

export interface GitHubConnectorOptions {
  org: string;
  /** GITHUB_TOKEN: a fine-grained token with "Members" organization permission (read), or a classic one with read:org. */
  token: string;
  /** Default https://api.github.com; GitHub Enterprise Server is https://HOST/api/v3. */
  apiUrl?: string;
  /** The system's name, which prefixes every error (default "GitHub"). */
  system?: string;
  /** Longest wait for a rate limit to lift (default 60 s); a later reset fails the run instead. */
  maxRateLimitWaitMs?: number;
  /** Rate-limit answers tolerated per request (default 3). */
  maxRetries?: number;
  requestTimeoutMs?: number;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

interface GitHubUser {
  login: string;
  name?: unknown;
  email?: unknown;
  type?: unknown;
  suspended_at?: unknown;
}

/** Organization members with their role (admin or member), and outside collaborators. */
export class GitHubConnector implements Connector {
  readonly source: string;
  private readonly http: GitHubHttpOptions;

  constructor(options: GitHubConnectorOptions) {
    this.source = `GitHub organization ${options.org}`;
    this.http = {
      system: options.system ?? 'GitHub',
      org: options.org,
      token: options.token,
      apiUrl: options.apiUrl ?? 'https://api.github.com',
      clock: options.clock ?? systemClock,
      maxRateLimitWaitMs: options.maxRateLimitWaitMs ?? 60_000,
      maxRetries: options.maxRetries ?? 3,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
  }

  async listAccounts(): Promise<Account[]> {
    const admins = await this.list('members', { role: 'admin' });
    const members = await this.list('members', { role: 'member' });
    const outside = await this.list('outside_collaborators', {});
    // Keyed by login: someone promoted while we page shows up in both member lists; the admin entry wins.
    const accounts = new Map<string, Account>();
    for (const user of outside) accounts.set(user.login, toAccount(user, 'outside-collaborator', { type: 'outside collaborator' }));
    for (const user of members) accounts.set(user.login, toAccount(user, 'member', {}));
    for (const user of admins) accounts.set(user.login, toAccount(user, 'admin', {}));
    return [...accounts.values()];
  }

  private async list(resource: 'members' | 'outside_collaborators', query: Record<string, string>): Promise<GitHubUser[]> {
    const base = this.http.apiUrl.endsWith('/') ? this.http.apiUrl : `${this.http.apiUrl}/`;
    const url = new URL(`orgs/${encodeURIComponent(this.http.org)}/${resource}`, base);
    for (const [name, value] of Object.entries({ ...query, per_page: '100' })) url.searchParams.set(name, value);
    const items = await readAllPages(this.http, url);
    return items.map((item, index) => {
      const login = (item as { login?: unknown } | null)?.login;
      if (typeof login !== 'string' || login === '') {
        throw new ConnectorError(this.http.system, `GitHub returned an entry without a login in ${url.pathname}${url.search} (entry ${index + 1})`);
      }
      return item as GitHubUser;
    });
  }
}

function toAccount(user: GitHubUser, role: string, attributes: Record<string, string>): Account {
  return {
    id: user.login,
    // The list endpoints give a public email at most, usually none.
    email: typeof user.email === 'string' ? normaliseEmail(user.email) : null,
    displayName: typeof user.name === 'string' && user.name.trim() ? user.name.trim() : user.login,
    roles: [role],
    // suspended_at exists on GitHub Enterprise Server only.
    status: user.type === 'Bot' ? 'bot' : typeof user.suspended_at === 'string' ? 'suspended' : 'active',
    lastLogin: null,
    attributes,
  };
}
