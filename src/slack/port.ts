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
