import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../src/store/db.ts';
import { SlackDriver, type DriverResponse, type SlackDouble } from '../../../src/slack-double/index.ts';
import { SIGNING_SECRET, startTestApp, type AppHarness, type TestAppOptions } from '../../helpers/app.ts';
import { postWebhook, type WebhookResponse } from '../../helpers/webhooks.ts';
import type { ScenarioSetup } from '../flows/scenario.ts';

/**
 * The bot as a fault scenario drives it: in this process (startTestApp) or in a child process
 * the kill test can SIGKILL. Scenarios only talk to it through signed HTTP and its SQLite file,
 * as Slack and an operator would.
 */
export interface BotUnderTest {
  readonly double: SlackDouble;
  /** Signs and sends what Slack sends: commands, clicks, submissions, events. */
  readonly driver: SlackDriver;
  /** The folder holding evidence.config.yaml (connector exports live next to it). */
  readonly dir: string;
  /** The environment the bot runs with: `evidence verify` is run with the same one. */
  readonly env: Record<string, string>;
  /** The bot's SQLite file, for reading what it recorded. */
  readonly db: Db;
  /** The bot's JSON log lines. */
  readonly logs: readonly string[];
  webhook(source: string, body: string, headers: Record<string, string>): Promise<WebhookResponse>;
  now(): Date;
  advance(ms: number): Promise<void>;
  /** One beat of the bot: due collections, timers, filing, uploading. */
  tick(): Promise<void>;
  /** Until the work that follows the last ack (filing, receipts, incident posts) is done. */
  settle(): Promise<void>;
}

/** How each signed HTTP delivery reaches the bot: once, twice in a row (a retry), or twice at once (a race). */
export type Transport = 'once' | 'retry' | 'race';

/**
 * A SlackDriver that delivers everything twice, as Slack does when it retries an event it
 * thinks failed, or as a double-click or a replayed request does. The caller sees the answer to
 * the second delivery: the one Slack would act on.
 */
class DuplicatingDriver extends SlackDriver {
  constructor(
    options: ConstructorParameters<typeof SlackDriver>[0],
    private readonly mode: Exclude<Transport, 'once'>,
  ) {
    super(options);
  }

  override async raw(body: string, headers: Record<string, string>): Promise<DriverResponse> {
    const retryHeaders = { ...headers, 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' };
    if (this.mode === 'race') {
      const [, second] = await Promise.all([super.raw(body, headers), super.raw(body, retryHeaders)]);
      return second;
    }
    await super.raw(body, headers);
    return super.raw(body, retryHeaders);
  }
}

export function driverFor(appUrl: string, double: SlackDouble, transport: Transport): SlackDriver {
  const options = { appUrl, signingSecret: SIGNING_SECRET, double };
  return transport === 'once' ? new SlackDriver(options) : new DuplicatingDriver(options, transport);
}

export async function sendWebhook(baseUrl: string, transport: Transport, source: string, body: string, headers: Record<string, string>): Promise<WebhookResponse> {
  if (transport === 'once') return postWebhook(baseUrl, source, body, headers);
  if (transport === 'race') return (await Promise.all([postWebhook(baseUrl, source, body, headers), postWebhook(baseUrl, source, body, headers)]))[1];
  await postWebhook(baseUrl, source, body, headers);
  return postWebhook(baseUrl, source, body, headers);
}

/** The real app in this process (startTestApp), every delivery sent as `transport` says. */
export function inProcess(h: AppHarness, transport: Transport = 'once'): BotUnderTest {
  return {
    double: h.double,
    get driver() {
      return driverFor(`${h.baseUrl}/slack/events`, h.double, transport);
    },
    dir: h.dir,
    env: h.env,
    get db() {
      return h.bot.db;
    },
    logs: h.logs,
    webhook: (source, body, headers) => sendWebhook(h.baseUrl, transport, source, body, headers),
    now: () => h.clock.now(),
    advance: async (ms) => void h.clock.advance(ms),
    tick: async () => void (await h.bot.services.tick()),
    settle: () => h.bot.services.settle(),
  };
}

/** startTestApp with a scenario's configuration and files, driven as `transport` says. */
export async function startInProcess(setup: ScenarioSetup, options: { transport?: Transport } & Pick<TestAppOptions, 'sink' | 'webClient' | 'env'> = {}): Promise<{ h: AppHarness; bot: BotUnderTest }> {
  const h = await startTestApp({ yaml: setup.yaml, people: setup.people, start: setup.start, channels: setup.channels, env: { ...setup.env, ...options.env }, sink: options.sink, webClient: options.webClient });
  for (const [name, text] of Object.entries(setup.files ?? {})) {
    mkdirSync(path.dirname(path.join(h.dir, name)), { recursive: true });
    writeFileSync(path.join(h.dir, name), text);
  }
  return { h, bot: inProcess(h, options.transport) };
}
