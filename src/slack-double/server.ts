import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock } from '../clock.ts';
import { SlackApiError, type Args, type Method } from './api-error.ts';
import { chatMethods } from './methods/chat.ts';
import { peopleMethods } from './methods/people.ts';
import { viewMethods } from './methods/views.ts';
import { parseArgs, readBody } from './request-body.ts';
import type { Failure, OpenView, PostedMessage, RecordedCall, RecordedResponse, SlackDoubleOptions, SlackUserRecord, TriggerContext } from './types.ts';
import { buildUser } from './user-record.ts';
import { applySubmissionResponse } from './view-stacks.ts';
import { Workspace } from './workspace.ts';

const METHODS: Record<string, Method> = { ...peopleMethods, ...chatMethods, ...viewMethods };

/**
 * A local Slack Web API for the real `@slack/web-api` WebClient (`slackApiUrl: double.apiUrl`):
 * it records every call, answers in Slack's shapes, and rejects what Slack would reject.
 */
export class SlackDouble {
  readonly calls: RecordedCall[] = [];
  readonly token: string;
  private readonly ws: Workspace;
  private readonly failures = new Map<string, Failure[]>();
  private readonly rules = new Map<string, (call: number, args: Args) => Failure | null>();
  private readonly callCounts = new Map<string, number>();
  private readonly server: Server;
  private port = 0;

  private constructor(options: SlackDoubleOptions) {
    this.token = options.token ?? 'xoxb-test-token';
    const now = options.now ?? (() => systemClock.now().getTime());
    this.ws = new Workspace(
      { teamId: options.teamId ?? 'T0000001', botUserId: options.botUserId ?? 'UBOT000001', botId: options.botId ?? 'B0000001', appId: options.appId ?? 'A0000001' },
      now,
    );
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`slack double failed: ${(error as Error).message}`);
      });
    });
  }

  static async start(options: SlackDoubleOptions = {}): Promise<SlackDouble> {
    const double = new SlackDouble(options);
    await new Promise<void>((resolve, reject) => {
      double.server.once('error', reject);
      double.server.listen(0, '127.0.0.1', () => resolve());
    });
    double.port = (double.server.address() as AddressInfo).port;
    return double;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }
  get teamId(): string {
    return this.ws.ids.teamId;
  }
  get botUserId(): string {
    return this.ws.ids.botUserId;
  }
  get botId(): string {
    return this.ws.ids.botId;
  }
  get appId(): string {
    return this.ws.ids.appId;
  }

  addUser(user: Partial<SlackUserRecord> & { id: string }): SlackUserRecord {
    const record = buildUser(user, this.teamId, new Date(this.ws.now()));
    this.ws.users.set(record.id, record);
    return record;
  }

  user(id: string): SlackUserRecord | undefined {
    return this.ws.users.get(id);
  }

  addChannel(channel: { id: string; name: string }): void {
    this.ws.channels.set(channel.id, { ...channel, created: this.ws.seconds() });
  }

  /** The user's IM channel with the bot (what conversations.open returns for them). */
  dmChannel(userId: string): string {
    return this.ws.dmOf(userId);
  }

  channelName(id: string): string | undefined {
    return this.ws.channels.get(id)?.name ?? (this.ws.userOfDm(id) ? 'directmessage' : undefined);
  }

  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** A flaky Slack: `rule` gets each call's number for the method (from 1) and its arguments, and may answer a failure instead. Queued failNext failures come first. */
  failWhen(method: string, rule: (call: number, args: Args) => Failure | null): void {
    this.rules.set(method, rule);
  }

  /** Slack is healthy again: drops the failures still queued (and the rules) for a method, or for all. */
  clearFailures(method?: string): void {
    if (method) {
      this.failures.delete(method);
      this.rules.delete(method);
    } else {
      this.failures.clear();
      this.rules.clear();
    }
  }

  /** A trigger_id as Slack mints one for a user's click; `context` says who clicked and in which view. */
  issueTriggerId(context: TriggerContext = {}): string {
    return this.ws.issueTrigger(context);
  }

  view(id: string): OpenView | undefined {
    return this.ws.views.get(id);
  }
  views(): OpenView[] {
    return this.ws.views.all();
  }
  home(userId: string): OpenView | undefined {
    return this.ws.homes.get(userId);
  }
  messages(channel?: string): PostedMessage[] {
    return this.ws.messages.filter((message) => channel === undefined || message.channel === channel);
  }
  ephemerals(): PostedMessage[] {
    return [...this.ws.ephemerals];
  }

  newResponseUrl(): string {
    const id = randomBytes(12).toString('hex');
    this.ws.responseIds.add(id);
    return `${this.baseUrl}/respond/${id}`;
  }
  responses(): RecordedResponse[] {
    return [...this.ws.responses];
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** For the driver: what Slack does with the app's answer to a view_submission; returns what Slack would refuse in it. */
  applyViewSubmissionResponse(viewId: string, body: unknown): string[] {
    return applySubmissionResponse(this.ws.views, viewId, body);
  }

  /** For the driver: the user closed the view (the whole modal when it has clear_on_close). */
  closeView(viewId: string): void {
    const view = this.ws.views.get(viewId);
    if (view?.clear_on_close === true) this.ws.views.clear(viewId);
    else this.ws.views.closeFrom(viewId);
  }

  async close(): Promise<void> {
    // WebClient's fetch keeps connections alive; without closing them close() would wait for the idle timeout.
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    if (url.pathname.startsWith('/api/')) return this.onApiCall(decodeURIComponent(url.pathname.slice('/api/'.length)), req, url, body, res);
    const respond = /^\/respond\/([0-9a-f]+)$/.exec(url.pathname);
    if (respond && req.method === 'POST' && this.ws.responseIds.has(respond[1] ?? '')) {
      this.ws.responses.push({ url: `${this.baseUrl}${url.pathname}`, body: parseResponseBody(body) });
      return json(res, 200, { ok: true });
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }

  private onApiCall(method: string, req: IncomingMessage, url: URL, body: string, res: ServerResponse): void {
    const parsed = parseArgs(req.headers['content-type'], body, url.searchParams);
    const args: Args = 'args' in parsed ? parsed.args : {};
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args.token === 'string' ? args.token : undefined);
    delete args.token;
    const record = (ok: boolean, error?: string) => this.calls.push({ method, args, ok, ...(error ? { error } : {}), at: new Date(this.ws.now()).toISOString() });

    const call = (this.callCounts.get(method) ?? 0) + 1;
    this.callCounts.set(method, call);
    const failure = this.failures.get(method)?.shift() ?? this.rules.get(method)?.(call, args) ?? undefined;
    if (failure && !('lateMs' in failure)) {
      if ('hang' in failure) {
        // The caller's timeout decides; close() ends the socket.
        record(false, 'timeout');
        return;
      }
      if ('error' in failure) {
        record(false, failure.error);
        return json(res, 200, { ok: false, error: failure.error });
      }
      if (failure.status === 429) {
        record(false, 'ratelimited');
        return json(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfter) });
      }
      record(false, `http_${failure.status}`);
      if (failure.status === 500) return void res.writeHead(500).end();
      return void res.writeHead(failure.status, { 'content-type': 'text/html' }).end(`<html><body><h1>${failure.status}</h1></body></html>`);
    }

    let answer: Record<string, unknown>;
    const handler = METHODS[method];
    try {
      if ('error' in parsed) throw new SlackApiError(parsed.error);
      if (!handler) throw new SlackApiError('unknown_method', [], { req_method: method });
      if (!token) throw new SlackApiError('not_authed');
      if (token !== this.token) throw new SlackApiError('invalid_auth');
      answer = { ok: true, ...handler(this.ws, args) };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      answer = error.body();
    }
    record(answer.ok === true, answer.ok === true ? undefined : String(answer.error));
    if (failure && 'lateMs' in failure) {
      // The caller may have given up and closed the connection by then; close() ends it otherwise.
      setTimeout(() => {
        if (!res.destroyed) json(res, 200, answer);
      }, failure.lateMs).unref();
      return;
    }
    json(res, 200, answer);
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

/** Bolt's respond() posts JSON; a form `payload=` field is accepted too. */
function parseResponseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    const payload = new URLSearchParams(body).get('payload');
    if (payload === null) return body;
    try {
      return JSON.parse(payload);
    } catch {
      return payload;
    }
  }
}
