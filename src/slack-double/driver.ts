import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../clock.ts';
import { VERIFICATION_TOKEN, buttonAction, eventEnvelope, findAction, teamOf, userOf } from './interaction-payloads.ts';
import type { SlackDouble } from './server.ts';
import type { OpenView } from './types.ts';

/** Slack's ack deadline for every request it sends an app. */
export const ACK_DEADLINE_MS = 3_000;

export interface DriverResponse {
  status: number;
  body: string;
  json?: unknown;
  /** Wall time until the whole response was read. */
  ms: number;
}

export type ClickTarget = { channel: string; ts: string } | { viewId: string } | { homeOf: string };

export interface SlackDriverOptions {
  /** The app's Request URL, e.g. http://127.0.0.1:PORT/slack/events */
  appUrl: string;
  signingSecret: string;
  double: SlackDouble;
  teamId?: string;
  apiAppId?: string;
  /** Seconds for X-Slack-Request-Timestamp. Bolt checks it against the system clock, so keep it real unless testing staleness. */
  now?: () => number;
}

interface Located {
  blocks: unknown;
  container: Record<string, unknown>;
  fields: Record<string, unknown>;
  viewId?: string;
  label: string;
}

/**
 * Plays Slack towards the app under test: slash commands, clicks, submissions and events, sent
 * over HTTP with Slack's body encodings and signed with the app's signing secret.
 */
export class SlackDriver {
  private readonly double: SlackDouble;
  private readonly teamId: string;
  private readonly apiAppId: string;
  private readonly now: () => number;

  constructor(private readonly options: SlackDriverOptions) {
    this.double = options.double;
    this.teamId = options.teamId ?? options.double.teamId;
    this.apiAppId = options.apiAppId ?? options.double.appId;
    this.now = options.now ?? (() => Math.floor(systemClock.now().getTime() / 1000));
  }

  /** A slash command as Slack posts it: form-encoded, with a fresh response_url and trigger_id. */
  async command(userId: string, command: string, text: string, options: { channelId?: string } = {}): Promise<DriverResponse & { triggerId: string; responseUrl: string }> {
    const channelId = options.channelId ?? this.double.dmChannel(userId);
    const responseUrl = this.double.newResponseUrl();
    const triggerId = this.double.issueTriggerId({ userId });
    const form = new URLSearchParams({
      token: VERIFICATION_TOKEN,
      team_id: this.teamId,
      team_domain: teamOf(this.teamId).domain,
      channel_id: channelId,
      channel_name: this.double.channelName(channelId) ?? channelId.toLowerCase(),
      user_id: userId,
      user_name: userOf(this.double, userId, this.teamId).name,
      command,
      text,
      api_app_id: this.apiAppId,
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: triggerId,
    });
    return { ...(await this.post(form.toString())), triggerId, responseUrl };
  }

  /** Clicks the button with `actionId` in a bot message, an open view or a Home tab. */
  async clickButton(userId: string, where: ClickTarget, actionId: string, options: { value?: string } = {}): Promise<DriverResponse & { triggerId: string }> {
    const located = this.locate(where);
    const found = findAction(located.blocks, actionId);
    if (!found) throw new Error(`no element with action_id "${actionId}" in ${located.label}`);
    if (found.element.type !== 'button') throw new Error(`"${actionId}" in ${located.label} is a ${String(found.element.type)}, not a button`);
    const value = options.value ?? (typeof found.element.value === 'string' ? found.element.value : undefined);
    const triggerId = this.double.issueTriggerId({ userId, ...(located.viewId ? { viewId: located.viewId } : {}) });
    const payload = {
      type: 'block_actions',
      user: userOf(this.double, userId, this.teamId),
      api_app_id: this.apiAppId,
      token: VERIFICATION_TOKEN,
      container: located.container,
      trigger_id: triggerId,
      team: teamOf(this.teamId),
      enterprise: null,
      is_enterprise_install: false,
      ...located.fields,
      state: { values: {} },
      actions: [buttonAction(found, value, this.now())],
    };
    return { ...(await this.postPayload(payload)), triggerId };
  }

  /** A message shortcut ("Log as incident") on a message someone posted in a channel, as Slack sends it. */
  async messageShortcut(userId: string, callbackId: string, message: { channel: string; ts: string; user: string; text: string }): Promise<DriverResponse & { triggerId: string }> {
    const triggerId = this.double.issueTriggerId({ userId });
    const payload = {
      type: 'message_action',
      token: VERIFICATION_TOKEN,
      action_ts: `${this.now()}.000100`,
      team: teamOf(this.teamId),
      user: userOf(this.double, userId, this.teamId),
      channel: { id: message.channel, name: this.double.channelName(message.channel) ?? message.channel.toLowerCase() },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: callbackId,
      trigger_id: triggerId,
      response_url: this.double.newResponseUrl(),
      message_ts: message.ts,
      message: { type: 'message', user: message.user, ts: message.ts, text: message.text },
    };
    return { ...(await this.postPayload(payload)), triggerId };
  }

  /** A block_actions payload of the caller's making, over the usual envelope fields. */
  async blockActions(userId: string, payload: Record<string, unknown>): Promise<DriverResponse & { triggerId: string }> {
    const body = {
      type: 'block_actions',
      user: userOf(this.double, userId, this.teamId),
      api_app_id: this.apiAppId,
      token: VERIFICATION_TOKEN,
      team: teamOf(this.teamId),
      trigger_id: this.double.issueTriggerId({ userId }),
      ...payload,
    };
    return { ...(await this.postPayload(body)), triggerId: String(body.trigger_id) };
  }

  /**
   * Submits an open view with the given state values, then lets the double do what Slack does
   * with the answer (close, update, push, clear, or show errors). `problems` lists what Slack
   * would refuse: a late or non-200 answer, or a response_action it cannot apply.
   */
  async submitView(userId: string, viewId: string, values: Record<string, Record<string, unknown>>): Promise<DriverResponse & { problems: string[] }> {
    const view = this.openView(viewId);
    const payload = {
      type: 'view_submission',
      team: teamOf(this.teamId),
      user: userOf(this.double, userId, this.teamId),
      api_app_id: this.apiAppId,
      token: VERIFICATION_TOKEN,
      trigger_id: this.double.issueTriggerId({ userId, viewId }),
      view: { ...view, state: { values } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const response = await this.postPayload(payload);
    // Slack shows the user an error and leaves the modal as it was when the app does not answer 200 within 3 seconds.
    if (response.ms > ACK_DEADLINE_MS) return { ...response, problems: [`the app answered after ${Math.round(response.ms)} ms; Slack stops waiting at ${ACK_DEADLINE_MS} ms`] };
    if (response.status !== 200) return { ...response, problems: [`the app answered HTTP ${response.status}`] };
    return { ...response, problems: this.double.applyViewSubmissionResponse(viewId, response.json ?? {}) };
  }

  /** The user dismisses a view: a view_closed payload, and the view is gone from the double. */
  async closeView(userId: string, viewId: string): Promise<DriverResponse> {
    const view = this.openView(viewId);
    const payload = {
      type: 'view_closed',
      team: teamOf(this.teamId),
      user: userOf(this.double, userId, this.teamId),
      api_app_id: this.apiAppId,
      token: VERIFICATION_TOKEN,
      view,
      is_cleared: view.clear_on_close === true,
      is_enterprise_install: false,
      enterprise: null,
    };
    const response = await this.postPayload(payload);
    this.double.closeView(viewId);
    return response;
  }

  /** An Events API event_callback. app_home_opened gets the user's IM channel and current Home view, as Slack adds them. */
  async event(event: Record<string, unknown>): Promise<DriverResponse> {
    let filled = event;
    if (event.type === 'app_home_opened' && typeof event.user === 'string') {
      const home = event.tab === 'home' ? this.double.home(event.user) : undefined;
      filled = { channel: this.double.dmChannel(event.user), ...(home ? { view: home } : {}), ...event };
    }
    const envelope = eventEnvelope(filled, { teamId: this.teamId, apiAppId: this.apiAppId, botUserId: this.double.botUserId }, this.now());
    return this.post(JSON.stringify(envelope));
  }

  /** POSTs a body with exactly these headers: for forged or stale signatures, oversized or malformed bodies. */
  async raw(body: string, headers: Record<string, string>): Promise<DriverResponse> {
    const started = performance.now();
    const response = await fetch(this.options.appUrl, { method: 'POST', headers, body });
    const text = await response.text();
    const ms = performance.now() - started;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, body: text, ...(json !== undefined ? { json } : {}), ms };
  }

  /**
   * Slack's request signature: v0= HMAC-SHA256 of "v0:{timestamp}:{raw body}". The content type
   * is exact: Bolt's HTTPReceiver only treats a body as a form when it reads
   * `application/x-www-form-urlencoded` with no charset.
   */
  sign(body: string, timestampSeconds: number): Record<string, string> {
    const signature = createHmac('sha256', this.options.signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
    return {
      'Content-Type': body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded',
      'X-Slack-Request-Timestamp': String(timestampSeconds),
      'X-Slack-Signature': `v0=${signature}`,
    };
  }

  private post(body: string): Promise<DriverResponse> {
    return this.raw(body, this.sign(body, this.now()));
  }

  /** Interactions arrive form-encoded with the JSON in a single `payload` field. */
  private postPayload(payload: Record<string, unknown>): Promise<DriverResponse> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  private openView(viewId: string): OpenView {
    const view = this.double.view(viewId);
    if (!view) throw new Error(`view ${viewId} is not open in the Slack double`);
    return view;
  }

  private locate(where: ClickTarget): Located {
    if ('viewId' in where) {
      const view = this.openView(where.viewId);
      return { blocks: view.blocks, container: { type: 'view', view_id: view.id }, fields: { view }, viewId: view.id, label: `view ${view.id}` };
    }
    if ('homeOf' in where) {
      const home = this.double.home(where.homeOf);
      if (!home) throw new Error(`no Home tab published for ${where.homeOf}`);
      return { blocks: home.blocks, container: { type: 'view', view_id: home.id }, fields: { view: home }, label: `the Home tab of ${where.homeOf}` };
    }
    const channel = /^[UW]/.test(where.channel) ? this.double.dmChannel(where.channel) : where.channel;
    const message = [...this.double.messages(channel), ...this.double.ephemerals()].find((candidate) => candidate.channel === channel && candidate.ts === where.ts);
    if (!message) throw new Error(`no message ${where.ts} in ${where.channel}`);
    const container = { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: message.ephemeral === true };
    const fields: Record<string, unknown> = {
      channel: { id: channel, name: this.double.channelName(channel) ?? channel.toLowerCase() },
      response_url: this.double.newResponseUrl(),
    };
    // Slack sends the message itself only for ordinary messages; an ephemeral one is known by its container.
    if (!message.ephemeral) {
      fields.message = {
        type: 'message',
        user: this.double.botUserId,
        bot_id: message.bot_id,
        app_id: this.double.appId,
        text: message.text ?? '',
        ...(message.blocks ? { blocks: message.blocks } : {}),
        ts: message.ts,
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
        team: this.teamId,
      };
    }
    return { blocks: message.blocks, container, fields, label: `message ${where.ts} in ${where.channel}` };
  }
}
