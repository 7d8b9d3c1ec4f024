import type { Clock } from '../clock.ts';
import { ConnectorError } from './types.ts';

export interface GitHubHttpOptions {
  system: string;
  org: string;
  token: string;
  apiUrl: string;
  clock: Clock;
  /** Longest wait for a rate limit to lift before giving up with a ConnectorError. */
  maxRateLimitWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Rate-limit answers tolerated per request before giving up. */
  maxRetries: number;
  requestTimeoutMs: number;
}

/** GitHub's advice for a secondary limit that names no wait: at least a minute. */
const SECONDARY_LIMIT_WAIT_MS = 60_000;

/**
 * Reads every page of a GitHub list endpoint, following `Link: rel="next"`. Rate limits are
 * waited out when they lift soon enough; everything else becomes a ConnectorError.
 */
export async function readAllPages(options: GitHubHttpOptions, firstUrl: URL): Promise<unknown[]> {
  const items: unknown[] = [];
  const origin = new URL(options.apiUrl).origin;
  const seen = new Set<string>();
  let url: URL | null = firstUrl;
  while (url) {
    if (seen.has(url.href)) throw new ConnectorError(options.system, `GitHub's pagination for ${firstUrl.pathname} came back to a page it had already given`);
    seen.add(url.href);
    // The token goes wherever the link points; a link to another host must not take it along.
    if (url.origin !== origin) throw new ConnectorError(options.system, `GitHub's pagination for organization ${options.org} pointed to another host (${url.origin}); refusing to send the token there`);
    const response = await request(options, url);
    const page = await parsePage(options, url, response);
    items.push(...page);
    const next = nextLink(response.headers.get('link'));
    url = next ? new URL(next, url) : null;
  }
  return items;
}

async function request(options: GitHubHttpOptions, url: URL): Promise<Response> {
  for (let attempt = 0; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${options.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': 'evidence-bot',
        },
        signal: AbortSignal.timeout(options.requestTimeoutMs),
      });
    } catch (error) {
      throw new ConnectorError(options.system, `could not reach GitHub at ${options.apiUrl}: ${networkReason(error)}`);
    }
    if (response.ok) return response;
    const message = redact(await githubMessage(response), options.token);
    const wait = rateLimitWait(response, message, options.clock.now().getTime());
    if (wait === null) throw statusError(options, url, response.status, message);
    const resumeAt = new Date(options.clock.now().getTime() + wait).toISOString();
    if (wait > options.maxRateLimitWaitMs) {
      throw new ConnectorError(options.system, `GitHub rate limit reached for organization ${options.org}; it resets at ${resumeAt}, more than ${Math.round(options.maxRateLimitWaitMs / 1000)} s away`);
    }
    if (attempt >= options.maxRetries) {
      throw new ConnectorError(options.system, `GitHub rate limit for organization ${options.org} still reached after ${options.maxRetries} waits; it resets at ${resumeAt}`);
    }
    await options.sleep(wait);
  }
}

/**
 * Milliseconds to wait when the answer is a rate limit, null when it is not one. GitHub signals
 * both limits with 403 or 429: retry-after first, then x-ratelimit-reset when nothing remains,
 * else (a secondary limit that names no wait) at least a minute. A 403 with no such header and
 * no mention of a rate limit is a permission problem, not a limit.
 */
function rateLimitWait(response: Response, message: string, now: number): number | null {
  if (response.status !== 403 && response.status !== 429) return null;
  const retryAfter = response.headers.get('retry-after')?.trim();
  if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const remaining = response.headers.get('x-ratelimit-remaining')?.trim();
  const reset = response.headers.get('x-ratelimit-reset')?.trim();
  if (remaining === '0' && reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - now);
  if (response.status === 429 || remaining === '0' || /rate limit/i.test(message)) return SECONDARY_LIMIT_WAIT_MS;
  return null;
}

function statusError(options: GitHubHttpOptions, url: URL, status: number, message: string): ConnectorError {
  const org = options.org;
  const said = message ? ` ("${message}")` : '';
  switch (status) {
    case 401:
      return new ConnectorError(options.system, `GitHub answered 401 Unauthorized for organization ${org}${said}: the token is invalid or expired`);
    case 403:
      return new ConnectorError(options.system, `GitHub answered 403 Forbidden for organization ${org}${said}: the token lacks the "Members" read permission`);
    case 404:
      return new ConnectorError(options.system, `GitHub answered 404 Not Found for organization ${org}: it does not exist or the token cannot see it`);
    default:
      return new ConnectorError(options.system, `GitHub answered ${status} for ${url.pathname}${said}`);
  }
}

async function parsePage(options: GitHubHttpOptions, url: URL, response: Response): Promise<unknown[]> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ConnectorError(options.system, `GitHub returned malformed JSON for ${url.pathname}${url.search}`);
  }
  if (!Array.isArray(body)) throw new ConnectorError(options.system, `GitHub returned ${body === null ? 'null' : typeof body} instead of a list for ${url.pathname}${url.search}`);
  return body;
}

/** The URL marked rel="next" in an RFC 8288 Link header (rel may be quoted and hold several types). */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const link of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(link[2]!);
    const types = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (types.includes('next')) return link[1]!;
  }
  return null;
}

/** GitHub's error bodies carry a `message`; anything else is left out rather than echoed. */
async function githubMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    return typeof body?.message === 'string' ? body.message.slice(0, 200) : '';
  } catch {
    return '';
  }
}

function redact(text: string, token: string): string {
  return token ? text.split(token).join('[redacted]') : text;
}

function networkReason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
