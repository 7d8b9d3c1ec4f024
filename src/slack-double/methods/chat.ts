import { SlackApiError, text, type Args, type Method } from '../api-error.ts';
import { checkBlocks } from '../block-kit-limits.ts';
import type { PostedMessage } from '../types.ts';
import type { Workspace } from '../workspace.ts';

/**
 * Slack truncates `text` beyond 40,000 characters and still posts, with a warning (changelog
 * "Truncating really long messages"); it does not answer msg_too_long for that.
 */
export const MAX_TEXT = 40_000;
const TRUNCATED_WARNING = '[WARN] Your message was truncated but still posted. The `text` field accepts up to 40,000 characters.';

interface Content {
  text: string | undefined;
  blocks: unknown[] | undefined;
  truncated: boolean;
}

/** text/blocks as chat.* accept them: something to show, valid Block Kit, text within the limit. */
function readContent(args: Args): Content {
  const markdown = text(args, 'markdown_text');
  let body = text(args, 'text');
  const blocks = args.blocks;
  if (markdown !== undefined && (body !== undefined || blocks !== undefined)) throw new SlackApiError('markdown_text_conflict');
  if (blocks !== undefined && !Array.isArray(blocks)) throw new SlackApiError('invalid_blocks_format');
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  if (body === undefined && !hasBlocks && args.attachments === undefined && markdown === undefined) throw new SlackApiError('no_text');
  if (Array.isArray(blocks)) {
    const problems = checkBlocks(blocks, 'message');
    if (problems.length > 0) throw new SlackApiError('invalid_blocks', problems, { errors: problems.map((problem) => problem.replace(/^\[ERROR\] /, '')) });
  }
  const chars = body === undefined ? [] : [...body];
  const truncated = chars.length > MAX_TEXT;
  if (truncated) body = chars.slice(0, MAX_TEXT).join('');
  return { text: body ?? markdown, blocks, truncated };
}

function warnings(content: Content): Record<string, unknown> {
  return content.truncated ? { warning: 'message_truncated', response_metadata: { warnings: ['message_truncated'], messages: [TRUNCATED_WARNING] } } : {};
}

function channelOf(ws: Workspace, args: Args): string {
  const channel = ws.resolveChannel(text(args, 'channel'));
  if (!channel) throw new SlackApiError('channel_not_found');
  return channel;
}

function messageJson(ws: Workspace, message: PostedMessage): Record<string, unknown> {
  return {
    type: 'message',
    text: message.text ?? '',
    user: ws.ids.botUserId,
    bot_id: message.bot_id,
    app_id: ws.ids.appId,
    team: ws.ids.teamId,
    ts: message.ts,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
  };
}

function findMessage(ws: Workspace, channel: string, ts: string | undefined): PostedMessage {
  const message = ws.messages.find((candidate) => candidate.channel === channel && candidate.ts === ts);
  if (!message) throw new SlackApiError('message_not_found');
  return message;
}

const postMessage: Method = (ws, args) => {
  const channel = channelOf(ws, args);
  const content = readContent(args);
  const threadTs = text(args, 'thread_ts');
  const message: PostedMessage = {
    channel,
    ts: ws.newTs(),
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    user: ws.ids.botUserId,
    bot_id: ws.ids.botId,
  };
  ws.messages.push(message);
  return { channel, ts: message.ts, message: messageJson(ws, message), ...warnings(content) };
};

const update: Method = (ws, args) => {
  const channel = channelOf(ws, args);
  const message = findMessage(ws, channel, text(args, 'ts'));
  const content = readContent(args);
  if (content.text !== undefined) message.text = content.text;
  // chat.update keeps the previous blocks when `blocks` is left out; an empty array removes them.
  if (content.blocks !== undefined) {
    if (content.blocks.length > 0) message.blocks = content.blocks;
    else delete message.blocks;
  }
  return { channel, ts: message.ts, text: message.text ?? '', message: messageJson(ws, message), ...warnings(content) };
};

const postEphemeral: Method = (ws, args) => {
  const channel = channelOf(ws, args);
  const user = text(args, 'user');
  if (!user || !ws.users.has(user)) throw new SlackApiError('user_not_in_channel');
  const content = readContent(args);
  const threadTs = text(args, 'thread_ts');
  const ts = ws.newTs();
  ws.ephemerals.push({
    channel,
    ts,
    ...(content.text !== undefined ? { text: content.text } : {}),
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    user,
    bot_id: ws.ids.botId,
    ephemeral: true,
  });
  return { message_ts: ts, ...warnings(content) };
};

const remove: Method = (ws, args) => {
  const channel = channelOf(ws, args);
  const message = findMessage(ws, channel, text(args, 'ts'));
  ws.messages.splice(ws.messages.indexOf(message), 1);
  return { channel, ts: message.ts };
};

export const chatMethods: Record<string, Method> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.delete': remove,
};
