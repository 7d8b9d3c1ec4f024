import type { Logger } from '../logger.ts';

export interface PagerDutyUsersOptions {
  token: string;
  /** https://api.pagerduty.com unless PAGERDUTY_API_URL says otherwise (EU service region, a test double). */
  apiUrl?: string;
  logger: Logger;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const DEFAULT_API_URL = 'https://api.pagerduty.com';

/**
 * A PagerDuty user's email through the REST API (GET /users/{id}): v3 webhooks name assignees by
 * ID and name only, and the email is what matches them to a Slack member. Answers are cached
 * for the process's life; a failed lookup is not cached, so the next sync tries again.
 */
export function pagerDutyEmailLookup(options: PagerDutyUsersOptions): (userId: string) => Promise<string | null> {
  const base = (options.apiUrl ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const cache = new Map<string, string | null>();
  return async (userId) => {
    if (!/^[A-Z0-9]{1,32}$/i.test(userId)) return null;
    if (cache.has(userId)) return cache.get(userId)!;
    const response = await doFetch(`${base}/users/${encodeURIComponent(userId)}`, {
      headers: { Authorization: `Token token=${options.token}`, Accept: 'application/vnd.pagerduty+json;version=2' },
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (response.status === 404) {
      cache.set(userId, null);
      return null;
    }
    // The token is never part of the message: only the status PagerDuty answered.
    if (!response.ok) throw new Error(`PagerDuty answered ${response.status} to GET /users/${userId}`);
    const body = (await response.json()) as { user?: { email?: unknown } };
    const email = typeof body.user?.email === 'string' ? body.user.email.toLowerCase() : null;
    cache.set(userId, email);
    return email;
  };
}
