import type { HomeView, KnownBlock, ModalView } from '@slack/types';

/** A Slack member as the bot needs to know them. */
export interface SlackPerson {
  id: string;
  name: string;
  email: string | null;
  tz: string;
  isBot: boolean;
  deleted: boolean;
  /** Guests (single- and multi-channel) are not employees in scope for policies. */
  isRestricted: boolean;
}

export interface MessageContent {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * The Slack Web API calls flows make, and nothing else. Flows depend on this, never on Bolt;
 * the implementation is the real WebClient (pointed at Slack, or at the local double).
 */
export interface SlackPort {
  postMessage(channel: string, content: MessageContent): Promise<{ channel: string; ts: string }>;
  updateMessage(channel: string, ts: string, content: MessageContent): Promise<void>;
  postEphemeral(channel: string, user: string, content: MessageContent): Promise<void>;
  openView(triggerId: string, view: ModalView): Promise<{ id: string; hash: string }>;
  updateView(viewId: string, view: ModalView, hash?: string): Promise<{ id: string; hash: string }>;
  pushView(triggerId: string, view: ModalView): Promise<{ id: string; hash: string }>;
  publishHome(userId: string, view: HomeView): Promise<void>;
  userInfo(userId: string): Promise<SlackPerson | null>;
  lookupByEmail(email: string): Promise<SlackPerson | null>;
  listUsers(): Promise<SlackPerson[]>;
}

/** A Slack API error code ("channel_not_found"), whatever layer it came from. */
export function slackErrorCode(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; message?: string };
  return e?.data?.error ?? e?.code ?? e?.message ?? String(error);
}

/** Failures to connect: the request never reached Slack. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Whether Slack surely did not perform a call that failed: it answered with an error (ok:
 * false), a 429 or an HTTP error, or the request never reached it. A timeout or a connection
 * cut mid-answer may follow a message Slack did post, and Slack's Web API has no idempotency
 * key: sending it again may post it twice.
 */
export function surelyNotPerformed(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'slack_webapi_platform_error' || code === 'slack_webapi_http_error' || code === 'slack_webapi_rate_limited_error') return true;
  if (code !== 'slack_webapi_request_error') return false;
  let cause: unknown = (error as { original?: unknown }).original;
  for (let depth = 0; cause && depth < 4; depth += 1) {
    const causeCode = (cause as { code?: unknown }).code;
    if (typeof causeCode === 'string' && NOT_SENT_CODES.has(causeCode)) return true;
    // After waiting out a Retry-After the WebClient signals a retry with a plain Error, which it
    // wraps as a request error (WebClient.makeRequest).
    if (cause instanceof Error && cause.message.startsWith('A rate limit was exceeded')) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
