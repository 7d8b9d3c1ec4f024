import { SlackApiError, flag, required, text, type Method } from '../api-error.ts';
import { TEAM_DOMAIN } from '../workspace.ts';

const authTest: Method = (ws) => ({
  url: `https://${TEAM_DOMAIN}.slack.com/`,
  team: 'Evidence Bot Test',
  user: 'evidence-bot',
  team_id: ws.ids.teamId,
  user_id: ws.ids.botUserId,
  bot_id: ws.ids.botId,
  is_enterprise_install: false,
});

const usersInfo: Method = (ws, args) => {
  const user = ws.users.get(required(args, 'user'));
  if (!user) throw new SlackApiError('user_not_found');
  return { user };
};

/** Slack's cursors are opaque base64 ("dXNlcjpVMDYxTkZUVDI=" is "user:U061NFTT2"); this one names the next member. */
function cursorFor(userId: string): string {
  return Buffer.from(`user:${userId}`).toString('base64');
}

const usersList: Method = (ws, args) => {
  const members = [...ws.users.values()];
  let start = 0;
  const cursor = text(args, 'cursor');
  if (cursor !== undefined) {
    const userId = Buffer.from(cursor, 'base64').toString().replace(/^user:/, '');
    start = members.findIndex((member) => member.id === userId);
    if (start < 0) throw new SlackApiError('invalid_cursor');
  }
  const limit = Number(text(args, 'limit') ?? 0);
  // Without a limit Slack returns the whole (small) workspace in one page.
  const end = limit > 0 ? start + limit : members.length;
  const next = members[end];
  return { members: members.slice(start, end), cache_ts: ws.seconds(), response_metadata: { next_cursor: next ? cursorFor(next.id) : '' } };
};

const lookupByEmail: Method = (ws, args) => {
  const email = required(args, 'email').toLowerCase();
  const user = [...ws.users.values()].find((member) => member.profile.email?.toLowerCase() === email);
  if (!user) throw new SlackApiError('users_not_found');
  return { user };
};

function imJson(ws: { seconds(): number }, id: string, user: string): Record<string, unknown> {
  return { id, created: ws.seconds(), is_im: true, is_org_shared: false, user, is_open: true, priority: 0 };
}

const conversationsOpen: Method = (ws, args) => {
  const channel = text(args, 'channel');
  const users = text(args, 'users');
  if (users === undefined) {
    if (channel === undefined) throw new SlackApiError('users_list_not_supplied');
    const user = ws.userOfDm(channel);
    if (!user) throw new SlackApiError('channel_not_found');
    return { no_op: true, already_open: true, channel: flag(args, 'return_im') ? imJson(ws, channel, user) : { id: channel } };
  }
  const ids = users.split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length !== 1) throw new SlackApiError('method_not_supported_for_channel_type', ['[ERROR] the double opens 1:1 DMs only']);
  const userId = ids[0] ?? '';
  const user = ws.users.get(userId);
  if (!user) throw new SlackApiError('user_not_found');
  if (user.deleted) throw new SlackApiError('user_disabled');
  const existed = ws.hasDm(userId);
  const id = ws.dmOf(userId);
  return { ...(existed ? { no_op: true, already_open: true } : {}), channel: flag(args, 'return_im') ? imJson(ws, id, userId) : { id } };
};

const conversationsInfo: Method = (ws, args) => {
  const id = required(args, 'channel');
  const channel = ws.channels.get(id);
  if (channel) {
    return { channel: { id, name: channel.name, is_channel: true, is_private: false, is_im: false, is_archived: false, is_member: true, created: channel.created } };
  }
  const user = ws.userOfDm(id);
  if (user) return { channel: imJson(ws, id, user) };
  throw new SlackApiError('channel_not_found');
};

export const peopleMethods: Record<string, Method> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'users.list': usersList,
  'users.lookupByEmail': lookupByEmail,
  'conversations.open': conversationsOpen,
  'conversations.info': conversationsInfo,
};
