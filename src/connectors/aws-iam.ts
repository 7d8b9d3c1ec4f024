import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserPoliciesCommand,
  ListUserTagsCommand,
  ListUsersCommand,
  type IAMClientConfig,
  type User,
} from '@aws-sdk/client-iam';
import { DAY, systemClock, type Clock } from '../clock.ts';
import { latestInstant, mapLimit, normaliseEmail, normaliseRoles } from './normalise.ts';
import { ConnectorError, type Account, type Connector } from './types.ts';

export interface AwsIamConnectorOptions {
  /** The system's name, which prefixes every error (default "AWS IAM"). */
  system?: string;
  /** IAM is global; the region only picks the signing region and endpoint (default us-east-1). */
  region?: string;
  endpoint?: string;
  credentials?: IAMClientConfig['credentials'];
  /** Attempts per call, throttling retries included (default 5: IAM throttles per account). */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** Users whose details are read at once (default 5); each user costs 6 calls plus one per key. */
  concurrency?: number;
  clock?: Clock;
}

interface Page {
  IsTruncated?: boolean;
  Marker?: string;
}

/** IAM users with their groups, policies, console access and access keys. */
export class AwsIamConnector implements Connector {
  readonly source: string;
  readonly client: IAMClient;
  private readonly system: string;
  private readonly clock: Clock;

  constructor(private readonly options: AwsIamConnectorOptions = {}) {
    this.system = options.system ?? 'AWS IAM';
    this.clock = options.clock ?? systemClock;
    this.source = `AWS IAM users${options.endpoint ? ` at ${options.endpoint}` : ''}`;
    this.client = new IAMClient({
      region: options.region ?? 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      maxAttempts: options.maxAttempts ?? 5,
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000, connectionTimeout: 5_000 },
    });
  }

  async listAccounts(): Promise<Account[]> {
    const users = await this.collect('ListUsers', (Marker) => this.client.send(new ListUsersCommand({ Marker })), (page) => page.Users);
    // Keyed by name: a user created while we page can shift the next page by one.
    const byName = new Map<string, User>();
    for (const user of users) {
      if (!user.UserName) throw new ConnectorError(this.system, 'ListUsers returned a user without a UserName');
      byName.set(user.UserName, user);
    }
    return mapLimit([...byName.values()], this.options.concurrency ?? 5, (user) => this.account(user));
  }

  /** One user's details, one call after another: the concurrency limit counts users, so calls in flight stay at most `concurrency`. */
  private async account(user: User): Promise<Account> {
    const UserName = user.UserName!;
    const groups = await this.collect(`ListGroupsForUser for ${UserName}`, (Marker) => this.client.send(new ListGroupsForUserCommand({ UserName, Marker })), (page) => page.Groups);
    const attached = await this.collect(`ListAttachedUserPolicies for ${UserName}`, (Marker) => this.client.send(new ListAttachedUserPoliciesCommand({ UserName, Marker })), (page) => page.AttachedPolicies);
    const inline = await this.collect(`ListUserPolicies for ${UserName}`, (Marker) => this.client.send(new ListUserPoliciesCommand({ UserName, Marker })), (page) => page.PolicyNames);
    const tags = await this.collect(`ListUserTags for ${UserName}`, (Marker) => this.client.send(new ListUserTagsCommand({ UserName, Marker })), (page) => page.Tags);
    const consoleAccess = await this.hasLoginProfile(UserName);
    const keys = await this.collect(`ListAccessKeys for ${UserName}`, (Marker) => this.client.send(new ListAccessKeysCommand({ UserName, Marker })), (page) => page.AccessKeyMetadata);

    let keyLastUsed: string | null = null;
    for (const key of keys) {
      if (!key.AccessKeyId) continue;
      const AccessKeyId = key.AccessKeyId;
      const used = await this.call(`GetAccessKeyLastUsed for ${UserName}`, () => this.client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId })));
      keyLastUsed = latestInstant(keyLastUsed, iso(used.AccessKeyLastUsed?.LastUsedDate));
    }
    const active = keys.filter((key) => key.Status === 'Active');
    const attributes: Record<string, string> = {
      'console access': consoleAccess ? 'yes' : 'no',
      'access keys': String(active.length),
      'key last used': keyLastUsed ?? 'never',
    };
    const oldest = Math.min(...active.map((key) => key.CreateDate?.getTime() ?? Number.POSITIVE_INFINITY));
    if (Number.isFinite(oldest)) attributes['oldest active key age days'] = String(Math.floor((this.clock.now().getTime() - oldest) / DAY));

    return {
      id: UserName,
      email: normaliseEmail(tags.find((tag) => tag.Key?.toLowerCase() === 'email')?.Value),
      displayName: UserName,
      roles: normaliseRoles([
        ...groups.flatMap((group) => (group.GroupName ? [`group:${group.GroupName}`] : [])),
        ...attached.flatMap((policy) => (policy.PolicyName ? [`policy:${policy.PolicyName}`] : [])),
        ...inline.map((name) => `inline:${name}`),
      ]),
      // IAM has no disabled state for a user: what they can do is in the attributes.
      status: 'active',
      lastLogin: latestInstant(iso(user.PasswordLastUsed), keyLastUsed),
      attributes,
    };
  }

  private async hasLoginProfile(UserName: string): Promise<boolean> {
    try {
      await this.client.send(new GetLoginProfileCommand({ UserName }));
      return true;
    } catch (error) {
      // NoSuchEntity is IAM's way of saying the user has no console password.
      if (errorCode(error) === 'NoSuchEntity') return false;
      throw new ConnectorError(this.system, `GetLoginProfile for ${UserName} failed: ${describe(error)}`);
    }
  }

  /** Every item of a Marker-paged list; IsTruncated is the signal to go on, as IAM asks. */
  private async collect<P extends Page, T>(what: string, send: (marker: string | undefined) => Promise<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
    const all: T[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(what, () => send(marker));
      all.push(...(items(page) ?? []));
      if (page.IsTruncated && (!page.Marker || page.Marker === marker)) throw new ConnectorError(this.system, `${what}: IAM said the list goes on but gave no new Marker`);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    return all;
  }

  private async call<R>(what: string, send: () => Promise<R>): Promise<R> {
    try {
      return await send();
    } catch (error) {
      throw new ConnectorError(this.system, `${what} failed: ${describe(error)}`);
    }
  }
}

function iso(date: Date | undefined): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

/** The IAM error code: the SDK names modelled errors `NoSuchEntityException`, unmodelled ones by their code. */
function errorCode(error: unknown): string {
  const e = error as { name?: string; Code?: string };
  return (e?.Code ?? e?.name ?? '').replace(/Exception$/, '');
}

/** AWS errors carry request IDs and hosts, never credentials; the code and message suffice. */
function describe(error: unknown): string {
  const e = error as { message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
  return `${errorCode(error) || 'Error'}: ${e?.message ?? String(error)}${status}`;
}
