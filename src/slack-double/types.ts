/** A workspace member as users.info / users.list return them (the fields the bot reads). */
export interface SlackUserRecord {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  deleted: boolean;
  is_bot: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_invited_user?: boolean;
  /** Guests; Slack sends both flags on every member. */
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  tz: string;
  tz_label: string;
  tz_offset: number;
  profile: { email?: string; real_name: string; display_name: string };
}

/** One Web API call as the double saw it; the token is never kept. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** ISO time from the double's `now()`. */
  at: string;
}

export interface SlackDoubleOptions {
  /** The only bot token the double accepts (default 'xoxb-test-token'). */
  token?: string;
  /** default 'UBOT000001' */
  botUserId?: string;
  /** default 'B0000001' */
  botId?: string;
  /** default 'T0000001' */
  teamId?: string;
  /** default 'A0000001' */
  appId?: string;
  /** Milliseconds; drives trigger expiry, message ts and recorded times (default: the system clock). */
  now?: () => number;
}

/**
 * What the double answers instead of performing a call: a 429 with Retry-After, an HTTP error, a
 * Slack error code, or `hang`: the request is taken and never answered (a lost response, as a
 * timeout sees it), and nothing is performed. `lateMs` is the one failure that performs the
 * call: Slack posts the message, and its answer comes that many milliseconds later (after the
 * caller's timeout, when that is shorter).
 */
export type Failure = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { error: string } | { hang: true } | { lateMs: number };

/** A view as Slack holds it: the JSON the bot sent, plus the fields Slack adds. */
export interface OpenView {
  id: string;
  type: string;
  hash: string;
  root_view_id: string | null;
  previous_view_id: string | null;
  team_id: string;
  app_id: string;
  bot_id: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  state: { values: Record<string, Record<string, unknown>> };
  blocks: unknown[];
  [field: string]: unknown;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** The bot user for ordinary messages; the recipient for ephemeral ones. */
  user: string;
  bot_id: string;
  ephemeral?: boolean;
}

export interface RecordedResponse {
  url: string;
  body: unknown;
}

/** Who a trigger_id was issued to, and from which view, as Slack knows when it mints one. */
export interface TriggerContext {
  userId?: string;
  viewId?: string;
}
