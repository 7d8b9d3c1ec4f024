import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { nextLink } from '../../src/connectors/github-http.ts';
import { GitHubConnector, type GitHubConnectorOptions } from '../../src/connectors/github.ts';
import { ConnectorError } from '../../src/connectors/types.ts';
import { GitHubDouble, githubUser } from './github-double.ts';

const START = '2026-07-06T13:00:00.000Z';
const START_SECONDS = Date.parse(START) / 1000;

let github: GitHubDouble | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

async function start(): Promise<GitHubDouble> {
  github = await GitHubDouble.start();
  return github;
}

/** A connector on the double whose sleeps only move a manual clock, and are recorded. */
function connector(double: GitHubDouble, options: Partial<GitHubConnectorOptions> = {}) {
  const clock = new ManualClock(START);
  const sleeps: number[] = [];
  const sleep = async (ms: number) => {
    sleeps.push(ms);
    clock.advance(ms);
  };
  const made = new GitHubConnector({ org: double.org, token: double.token, apiUrl: double.apiUrl, clock, sleep, maxRateLimitWaitMs: 5_000, ...options });
  return { connector: made, sleeps };
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('GitHub connector against a local GitHub REST double', () => {
  it('when the organization has admins, members over several pages and outside collaborators, then each is listed once with its role', async () => {
    const double = await start();
    double.admins = [githubUser('octo-owner'), githubUser('Deploy-Bot', { type: 'Bot' })];
    double.members = Array.from({ length: 250 }, (_, i) => githubUser(`dev-${String(i).padStart(3, '0')}`));
    double.outside = [githubUser('contractor-jo', { name: 'Jo Contractor', email: 'Jo@Agency.Example' }), githubUser('auditor-kim', { name: null, email: null })];
    const { connector: made } = connector(double);

    const accounts = await made.listAccounts();

    expect(made.source).toBe('GitHub organization example-inc');
    expect(accounts).toHaveLength(254);
    expect(accounts.filter((account) => account.roles[0] !== 'member')).toEqual([
      { id: 'contractor-jo', email: 'jo@agency.example', displayName: 'Jo Contractor', roles: ['outside-collaborator'], status: 'active', lastLogin: null, attributes: { type: 'outside collaborator' } },
      { id: 'auditor-kim', email: null, displayName: 'auditor-kim', roles: ['outside-collaborator'], status: 'active', lastLogin: null, attributes: { type: 'outside collaborator' } },
      { id: 'octo-owner', email: null, displayName: 'octo-owner', roles: ['admin'], status: 'active', lastLogin: null, attributes: {} },
      { id: 'Deploy-Bot', email: null, displayName: 'Deploy-Bot', roles: ['admin'], status: 'bot', lastLogin: null, attributes: {} },
    ]);
    expect(accounts.find((account) => account.id === 'dev-249')).toEqual({ id: 'dev-249', email: null, displayName: 'dev-249', roles: ['member'], status: 'active', lastLogin: null, attributes: {} });
    expect(double.requests.map((request) => `${request.path}?${new URLSearchParams(request.query)}`)).toEqual([
      '/orgs/example-inc/members?role=admin&per_page=100',
      '/orgs/example-inc/members?role=member&per_page=100',
      '/orgs/example-inc/members?role=member&per_page=100&page=2',
      '/orgs/example-inc/members?role=member&per_page=100&page=3',
      '/orgs/example-inc/outside_collaborators?per_page=100',
    ]);
    expect(new Set(double.requests.map((request) => request.authorization))).toEqual(new Set([`Bearer ${double.token}`]));
  });

  it('when someone is promoted between the two member lists, then they are listed once, as admin', async () => {
    const double = await start();
    double.admins = [githubUser('riley')];
    double.members = [githubUser('riley'), githubUser('sam')];

    const accounts = await connector(double).connector.listAccounts();

    expect(accounts.map((account) => [account.id, account.roles])).toEqual([
      ['riley', ['admin']],
      ['sam', ['member']],
    ]);
  });

  it('when the primary rate limit is used up and resets within the bound, then the connector waits until the reset and carries on', async () => {
    const double = await start();
    double.admins = [githubUser('octo-owner')];
    double.answerNext({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(START_SECONDS + 3) }, body: JSON.stringify({ message: 'API rate limit exceeded for user ID 1.' }) });
    const { connector: made, sleeps } = connector(double);

    const accounts = await made.listAccounts();

    expect(sleeps).toEqual([3_000]);
    expect(accounts.map((account) => account.id)).toEqual(['octo-owner']);
  });

  it('when a secondary rate limit answers 429 or 403 with retry-after, then the connector waits that long', async () => {
    const double = await start();
    double.members = [githubUser('sam')];
    double.answerNext({ status: 429, headers: { 'retry-after': '2', 'x-ratelimit-remaining': '4000' }, body: JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }) });
    double.answerNext({ status: 403, headers: { 'retry-after': '1', 'x-ratelimit-remaining': '3999' }, body: JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }) });
    const { connector: made, sleeps } = connector(double);

    const accounts = await made.listAccounts();

    expect(sleeps).toEqual([2_000, 1_000]);
    expect(accounts.map((account) => account.id)).toEqual(['sam']);
  });

  it('when a 403 only says "secondary rate limit" and names no wait, then the connector waits a minute, if the bound allows', async () => {
    const double = await start();
    double.members = [githubUser('sam')];
    double.answerNext({ status: 403, headers: { 'x-ratelimit-remaining': '4000' }, body: JSON.stringify({ message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }) });
    const { connector: made, sleeps } = connector(double, { maxRateLimitWaitMs: 60_000 });

    const accounts = await made.listAccounts();

    expect(sleeps).toEqual([60_000]);
    expect(accounts.map((account) => account.id)).toEqual(['sam']);
  });

  it('when the rate limit resets later than the bound, then a ConnectorError says when, without waiting', async () => {
    const double = await start();
    double.answerNext({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(START_SECONDS + 3_600) }, body: '{"message":"API rate limit exceeded"}' });
    const { connector: made, sleeps } = connector(double, { system: 'Source code' });

    const error = await failure(made.listAccounts());

    expect(error.message).toBe('Source code: GitHub rate limit reached for organization example-inc; it resets at 2026-07-06T14:00:00.000Z, more than 5 s away');
    expect(sleeps).toEqual([]);
  });

  it('when the rate limit keeps answering after every wait, then the connector gives up after its retries', async () => {
    const double = await start();
    double.answerNext({ status: 429, headers: { 'retry-after': '1' }, body: '{}' }, 4);
    const { connector: made, sleeps } = connector(double, { maxRetries: 3 });

    const error = await failure(made.listAccounts());

    expect(error.message).toBe('GitHub: GitHub rate limit for organization example-inc still reached after 3 waits; it resets at 2026-07-06T13:00:04.000Z');
    expect(sleeps).toEqual([1_000, 1_000, 1_000]);
  });

  it('when the token is rejected, then the ConnectorError names the organization and the status but never the token', async () => {
    const double = await start();
    const { connector: made } = connector(double, { token: 'ghp_wrongtoken9876543210' });

    const error = await failure(made.listAccounts());

    expect(error.message).toBe('GitHub: GitHub answered 401 Unauthorized for organization example-inc ("Bad credentials"): the token is invalid or expired');
  });

  it('when an error body echoes the token, then the message carries it redacted', async () => {
    const double = await start();
    double.answerNext({ status: 500, body: JSON.stringify({ message: `proxy refused Bearer ${double.token}` }) });

    const error = await failure(connector(double).connector.listAccounts());

    expect(error.message).toBe('GitHub: GitHub answered 500 for /orgs/example-inc/members ("proxy refused Bearer [redacted]")');
  });

  it('when the organization does not exist for the token, then the ConnectorError says 404 and names it', async () => {
    const double = await start();
    const { connector: made } = connector(double, { org: 'no-such-org' });

    const error = await failure(made.listAccounts());

    expect(error.message).toBe('GitHub: GitHub answered 404 Not Found for organization no-such-org: it does not exist or the token cannot see it');
  });

  it('when a 403 carries no rate-limit signal, then it is a permission error, not a wait', async () => {
    const double = await start();
    double.answerNext({ status: 403, headers: { 'x-ratelimit-remaining': '4998' }, body: JSON.stringify({ message: 'Resource not accessible by personal access token' }) });
    const { connector: made, sleeps } = connector(double);

    const error = await failure(made.listAccounts());

    expect(error.message).toBe('GitHub: GitHub answered 403 Forbidden for organization example-inc ("Resource not accessible by personal access token"): the token lacks the "Members" read permission');
    expect(sleeps).toEqual([]);
  });

  it('when a page is not valid JSON, then the list is refused', async () => {
    const double = await start();
    double.answerNext({ status: 200, body: '[{"login": "octo-owner"' });

    const error = await failure(connector(double).connector.listAccounts());

    expect(error.message).toBe('GitHub: GitHub returned malformed JSON for /orgs/example-inc/members?role=admin&per_page=100');
  });

  it('when a page is an object instead of a list, then the list is refused', async () => {
    const double = await start();
    double.answerNext({ status: 200, body: '{"message":"ok"}' });

    const error = await failure(connector(double).connector.listAccounts());

    expect(error.message).toBe('GitHub: GitHub returned object instead of a list for /orgs/example-inc/members?role=admin&per_page=100');
  });

  it('when an entry has no login, then the list is refused', async () => {
    const double = await start();
    double.members = [githubUser('sam'), { ...githubUser('x'), login: '' }];

    const error = await failure(connector(double).connector.listAccounts());

    expect(error.message).toBe('GitHub: GitHub returned an entry without a login in /orgs/example-inc/members?role=member&per_page=100 (entry 2)');
  });

  it('when a Link header points to another host, then the token is not sent there', async () => {
    const double = await start();
    double.answerNext({ status: 200, headers: { link: '<https://elsewhere.example/orgs/example-inc/members?page=2>; rel="next"' }, body: '[]' });

    const error = await failure(connector(double).connector.listAccounts());

    expect(error.message).toBe("GitHub: GitHub's pagination for organization example-inc pointed to another host (https://elsewhere.example); refusing to send the token there");
    expect(double.requests).toHaveLength(1);
  });

  it('when GitHub cannot be reached, then the ConnectorError says where it tried', async () => {
    const double = await start();
    const apiUrl = double.apiUrl;
    await double.close();
    github = undefined;

    const error = await failure(new GitHubConnector({ org: 'example-inc', token: 't', apiUrl }).listAccounts());

    expect(error.message).toBe(`GitHub: could not reach GitHub at ${apiUrl}: ECONNREFUSED`);
  });
});

describe('Link header', () => {
  it('when rel="next" is among other links, then its URL is taken', () => {
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=3>; rel="next", <https://api.github.com/x?page=9>; rel="last"')).toBe('https://api.github.com/x?page=3');
  });

  it('when rel is unquoted or holds several types, then next is still found', () => {
    expect(nextLink('<https://a.example/2>; rel=next')).toBe('https://a.example/2');
    expect(nextLink('<https://a.example/2>; title="a, b"; rel="prefetch next"')).toBe('https://a.example/2');
  });

  it('when there is no next link, then there is no next page', () => {
    expect(nextLink('<https://api.github.com/x?page=1>; rel="prev", <https://api.github.com/x?page=1>; rel="first"')).toBe(null);
    expect(nextLink(null)).toBe(null);
    expect(nextLink('<https://a.example/2>; rel="nextish"')).toBe(null);
  });
});
