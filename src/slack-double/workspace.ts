import { randomBytes } from 'node:crypto';
import { SlackApiError } from './api-error.ts';
import type { OpenView, PostedMessage, RecordedResponse, SlackUserRecord, TriggerContext } from './types.ts';
import { ViewStacks } from './view-stacks.ts';

export const TEAM_DOMAIN = 'evidence-bot-test';
/** "A trigger_id expires in 3 s" (modals reference). */
export const TRIGGER_TTL_MS = 3_000;

export interface WorkspaceIds {
  teamId: string;
  botUserId: string;
  botId: string;
  appId: string;
}

interface Trigger {
  issuedAt: number;
  used: boolean;
  context: TriggerContext;
}

/** Everything the double remembers between calls: people, channels, messages, views, triggers. */
export class Workspace {
  readonly users = new Map<string, SlackUserRecord>();
  readonly channels = new Map<string, { id: string; name: string; created: number }>();
  readonly messages: PostedMessage[] = [];
  readonly ephemerals: PostedMessage[] = [];
  readonly homes = new Map<string, OpenView>();
  readonly views: ViewStacks;
  readonly responses: RecordedResponse[] = [];
  readonly responseIds = new Set<string>();
  private readonly triggers = new Map<string, Trigger>();
  private readonly ims = new Map<string, string>();
  private readonly imUsers = new Map<string, string>();
  private seq = 0;

  constructor(
    readonly ids: WorkspaceIds,
    readonly now: () => number,
  ) {
    this.views = new ViewStacks(ids, () => this.newId('V'), () => this.newHash());
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Slack-shaped IDs ("V0000000A1"); a counter keeps them unique and predictable. */
  newId(prefix: string): string {
    this.seq += 1;
    return `${prefix}0${this.seq.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  /** Message timestamps: seconds, then a sequence, so two posts in one second still differ and sort. */
  newTs(): string {
    this.seq += 1;
    return `${this.seconds()}.${String(this.seq).padStart(6, '0')}`;
  }

  newHash(): string {
    return `${this.seconds()}.${randomBytes(4).toString('hex')}`;
  }

  /** The user's IM with the bot; one per user, as conversations.open answers. */
  dmOf(userId: string): string {
    let dm = this.ims.get(userId);
    if (!dm) {
      dm = this.newId('D');
      this.ims.set(userId, dm);
      this.imUsers.set(dm, userId);
    }
    return dm;
  }

  hasDm(userId: string): boolean {
    return this.ims.has(userId);
  }

  userOfDm(channel: string): string | undefined {
    return this.imUsers.get(channel);
  }

  /**
   * Where a post to `channel` lands; undefined where Slack answers channel_not_found. chat.* take
   * "an encoded ID, or a name"; a user ID posts to that user's DM.
   */
  resolveChannel(channel: string | undefined): string | undefined {
    if (!channel) return undefined;
    if (this.channels.has(channel) || this.imUsers.has(channel)) return channel;
    if (/^[UW]/.test(channel) && this.users.has(channel)) return this.dmOf(channel);
    const name = channel.replace(/^#/, '');
    return [...this.channels.values()].find((candidate) => candidate.name === name)?.id;
  }

  issueTrigger(context: TriggerContext): string {
    this.seq += 1;
    const id = `${this.seq}.${this.seconds()}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.now(), used: false, context });
    return id;
  }

  /** What the trigger was issued for, or the error views.open/push would give for it. */
  checkTrigger(triggerId: string): TriggerContext {
    const trigger = this.triggers.get(triggerId);
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    if (trigger.used) throw new SlackApiError('exchanged_trigger_id');
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError('expired_trigger_id');
    return trigger.context;
  }

  useTrigger(triggerId: string): void {
    const trigger = this.triggers.get(triggerId);
    if (trigger) trigger.used = true;
  }
}
