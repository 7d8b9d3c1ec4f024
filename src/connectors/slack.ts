import type { WebClient } from '@slack/web-api';
import { normaliseEmail } from './normalise.ts';
import { ConnectorError, type Account, type AccountStatus, type Connector } from './types.ts';

export interface SlackConnectorOptions {
  /** The system's name, which prefixes every error (default "Slack"). */
  system?: string;
  /** Members per users.list page; Slack suggests no more than 200. */
  pageSize?: number;
}

interface Member {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_admin?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_invited_user?: boolean;
  profile?: { email?: string; real_name?: string; display_name?: string };
}

/** Workspace members from users.list. Slack keeps no sign-in time in its Web API, so lastLogin is always null. */
export class SlackConnector implements Connector {
  readonly source = 'Slack workspace members (users.list)';
  private readonly system: string;

  constructor(
    private readonly client: WebClient,
    private readonly options: SlackConnectorOptions = {},
  ) {
    this.system = options.system ?? 'Slack';
  }

  async listAccounts(): Promise<Account[]> {
    // Keyed by ID: a member who changes while we page can come back on a later page.
    const accounts = new Map<string, Account>();
    try {
      for await (const page of this.client.paginate('users.list', { limit: this.options.pageSize ?? 200 })) {
        for (const member of (page as { members?: Member[] }).members ?? []) {
          const account = toAccount(member);
          if (!account) throw new ConnectorError(this.system, 'users.list returned a member without an id');
          accounts.set(account.id, account);
        }
      }
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      throw new ConnectorError(this.system, `users.list failed: ${describeSlackError(error)}`);
    }
    return [...accounts.values()];
  }
}

function toAccount(member: Member): Account | null {
  if (typeof member.id !== 'string' || member.id === '') return null;
  // Slackbot is a user with is_bot false.
  const bot = Boolean(member.is_bot) || member.id === 'USLACKBOT';
  const attributes: Record<string, string> = {};
  if (bot) attributes.type = 'bot';
  if (member.is_primary_owner) attributes['primary owner'] = 'yes';
  return {
    id: member.id,
    email: normaliseEmail(member.profile?.email),
    displayName: member.profile?.real_name || member.real_name || member.profile?.display_name || member.name || member.id,
    roles: [roleOf(member)],
    status: statusOf(member, bot),
    lastLogin: null,
    attributes,
  };
}

/** One role, the highest: Slack also sets is_admin on owners, and single-channel guests carry both guest flags. */
function roleOf(member: Member): string {
  if (member.is_owner || member.is_primary_owner) return 'owner';
  if (member.is_admin) return 'admin';
  if (member.is_ultra_restricted) return 'guest-single-channel';
  if (member.is_restricted) return 'guest-multi-channel';
  return 'member';
}

function statusOf(member: Member, bot: boolean): AccountStatus {
  // A deactivated bot can no longer act, which is what the reviewer needs to know first.
  if (member.deleted) return 'deactivated';
  if (bot) return 'bot';
  if (member.is_invited_user) return 'invited';
  return 'active';
}

function describeSlackError(error: unknown): string {
  const e = error as { code?: string; data?: { error?: string; needed?: string }; message?: string; retryAfter?: number };
  if (e?.data?.error) return e.data.needed ? `${e.data.error} (needs the ${e.data.needed} scope)` : e.data.error;
  if (e?.code === 'slack_webapi_rate_limited_error') return `rate limited; Slack asked to retry after ${e.retryAfter ?? '?'} s`;
  return e?.message ?? String(error);
}
