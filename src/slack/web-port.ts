import type { WebClient } from '@slack/web-api';
import type { SlackPerson, SlackPort } from './port.ts';

interface ApiUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  tz?: string;
  profile?: { email?: string; real_name?: string; display_name?: string };
}

export function toPerson(user: ApiUser): SlackPerson {
  return {
    id: user.id ?? '',
    name: user.profile?.real_name || user.real_name || user.profile?.display_name || user.name || user.id || 'unknown',
    email: user.profile?.email ?? null,
    tz: user.tz || 'UTC',
    // Slackbot is a user with is_bot false; treat it as the bot it is.
    isBot: Boolean(user.is_bot) || user.id === 'USLACKBOT',
    deleted: Boolean(user.deleted),
    isRestricted: Boolean(user.is_restricted || user.is_ultra_restricted),
  };
}

function isMissing(error: unknown, codes: string[]): boolean {
  const code = (error as { data?: { error?: string } })?.data?.error;
  return code !== undefined && codes.includes(code);
}

/** The clients behind the port, by the retries their calls allow; `client` serves any role not given. */
export interface SlackClients {
  /** Reads and updates, which are safe to send again whatever happened to the first try. */
  client: WebClient;
  /** New messages: sent again only when Slack surely did not post them (see retry-policy.ts). */
  posts?: WebClient;
  /** Modals, which cannot wait: a trigger_id lasts 3 seconds. */
  modals?: WebClient;
}

/**
 * The Slack port over the real WebClient; retries (429 Retry-After, 5xx) are the clients' job.
 * Each role has its own client because a WebClient waiting out a 429 holds back every call on
 * it: a views.open stuck behind a reminder's Retry-After would miss its 3-second trigger.
 */
export function webSlackPort({ client, posts = client, modals = client }: SlackClients): SlackPort {
  return {
    async postMessage(channel, content) {
      const result = await posts.chat.postMessage({ channel, text: content.text, ...(content.blocks ? { blocks: content.blocks } : {}), unfurl_links: false, unfurl_media: false });
      return { channel: result.channel ?? channel, ts: result.ts ?? '' };
    },
    async updateMessage(channel, ts, content) {
      await client.chat.update({ channel, ts, text: content.text, ...(content.blocks ? { blocks: content.blocks } : {}) });
    },
    async postEphemeral(channel, user, content) {
      await posts.chat.postEphemeral({ channel, user, text: content.text, ...(content.blocks ? { blocks: content.blocks } : {}) });
    },
    async openView(triggerId, view) {
      const result = await modals.views.open({ trigger_id: triggerId, view });
      return { id: result.view?.id ?? '', hash: result.view?.hash ?? '' };
    },
    async updateView(viewId, view, hash) {
      const result = await modals.views.update({ view_id: viewId, view, ...(hash ? { hash } : {}) });
      return { id: result.view?.id ?? viewId, hash: result.view?.hash ?? '' };
    },
    async pushView(triggerId, view) {
      const result = await modals.views.push({ trigger_id: triggerId, view });
      return { id: result.view?.id ?? '', hash: result.view?.hash ?? '' };
    },
    async publishHome(userId, view) {
      await client.views.publish({ user_id: userId, view });
    },
    async userInfo(userId) {
      try {
        const result = await client.users.info({ user: userId });
        return result.user ? toPerson(result.user as ApiUser) : null;
      } catch (error) {
        if (isMissing(error, ['user_not_found', 'users_not_found'])) return null;
        throw error;
      }
    },
    async lookupByEmail(email) {
      try {
        const result = await client.users.lookupByEmail({ email });
        return result.user ? toPerson(result.user as ApiUser) : null;
      } catch (error) {
        if (isMissing(error, ['users_not_found', 'user_not_found'])) return null;
        throw error;
      }
    },
    async listUsers() {
      const people: SlackPerson[] = [];
      for await (const page of client.paginate('users.list', { limit: 200 })) {
        for (const member of (page as { members?: ApiUser[] }).members ?? []) people.push(toPerson(member));
      }
      return people;
    },
  };
}
