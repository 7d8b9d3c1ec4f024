import type { Server } from 'node:http';
import path from 'node:path';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import cron from 'node-cron';
import { createApp } from './app.ts';
import type { SystemConfig } from './config-schema.ts';
import { createConnector } from './connectors/registry.ts';
import { pagerDutyEmailLookup } from './connectors/pagerduty-users.ts';
import { createDrafter } from './drafter/index.ts';
import type { Connector } from './connectors/types.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { sinkFromConfig } from './evidence/sinks/from-config.ts';
import type { Sink } from './evidence/sinks/types.ts';
import type { UploaderOptions } from './evidence/uploader.ts';
import { JsonLogger, type Logger } from './logger.ts';
import { survivingUnhandledRejections } from './process-guard.ts';
import { RenderPool } from './evidence/pdf/render-pool.ts';
import { createServices, type Services } from './services.ts';
import { retryAnyFailure, retryUnsentOnly, type RetryTiming } from './slack/retry-policy.ts';
import { webSlackPort } from './slack/web-port.ts';
import { openDatabase, type Db } from './store/db.ts';
import { Webhooks } from './webhooks/registry.ts';
import { hrWebhook } from './webhooks/hr.ts';

export interface BotOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  sink?: Sink;
  /** Where HTTP mode listens. */
  host?: string;
  port?: number;
  /** Options for the Web API clients, such as the timeout (tests shorten it). */
  webClient?: Partial<WebClientOptions>;
  /** How long the background clients retry a failed call (tests shorten it); see retry-policy.ts. */
  slackRetryTiming?: RetryTiming;
  uploader?: UploaderOptions;
  /** Wake the bot every minute with node-cron. Off when a test or the demo drives time. */
  cron?: boolean;
  /** Account sources by system; the connector registry unless given. */
  connectors?: (system: SystemConfig) => Connector;
}

export interface Bot {
  services: Services;
  db: Db;
  logger: Logger;
  /** The port HTTP mode listens on (0 in Socket Mode without custom routes). */
  port: number;
  stop(): Promise<void>;
}

export class StartupError extends Error {}

/**
 * Without a timeout a Slack call whose answer never comes waits for the HTTP stack's own limit
 * (minutes), and the sweep, the incident posts and the filing queued behind them wait with it.
 * A call that has not answered in this time is treated as failed and retried.
 */
const SLACK_CALL_TIMEOUT_MS = 10_000;
/** A trigger_id lasts 3 s: a views.open still unanswered after this cannot succeed anyway. */
const MODAL_CALL_TIMEOUT_MS = 2_500;

/** Starts evidence-bot: database, sink, Slack client check, Bolt app, and the minute tick. */
export async function startBot(options: BotOptions): Promise<Bot> {
  const { config } = options;
  const { env, settings } = config;
  const logger = options.logger ?? new JsonLogger({ level: env.LOG_LEVEL, secrets: config.secrets });
  if (!env.SLACK_BOT_TOKEN) throw new StartupError('SLACK_BOT_TOKEN is not set. To try evidence-bot without Slack, run `npm run demo`.');
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) throw new StartupError('SLACK_SIGNING_SECRET is not set (needed in HTTP mode; set SLACK_APP_TOKEN for Socket Mode instead).');
  const clock = options.clock ?? systemClock;
  const clientOptions: WebClientOptions = { logger, timeout: SLACK_CALL_TIMEOUT_MS, retryConfig: retryAnyFailure(options.slackRetryTiming), ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), ...options.webClient };
  const client = new WebClient(env.SLACK_BOT_TOKEN, clientOptions);
  const posts = new WebClient(env.SLACK_BOT_TOKEN, { ...clientOptions, retryConfig: retryUnsentOnly(options.slackRetryTiming) });
  // Modals cannot wait: a trigger_id lasts 3 seconds, so rate limits there fail fast instead.
  const interactive = new WebClient(env.SLACK_BOT_TOKEN, {
    ...clientOptions,
    timeout: Math.min(clientOptions.timeout || MODAL_CALL_TIMEOUT_MS, MODAL_CALL_TIMEOUT_MS),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 300 },
  });
  let identity;
  try {
    identity = await client.auth.test();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    throw new StartupError(`Slack rejected the bot token at start-up (auth.test: ${code}). Check SLACK_BOT_TOKEN${env.SLACK_API_URL ? ` and SLACK_API_URL` : ''}.`);
  }
  const db = openDatabase(env.EVIDENCE_DB);
  const sink = options.sink ?? sinkFromConfig({ ...config, env: { ...env, EVIDENCE_DIR: path.resolve(env.EVIDENCE_DIR) } });
  const renderPool = new RenderPool(logger);
  const awsCredentials = env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } : undefined;
  // Paths in the config (file exports) are relative to the config file.
  const configDir = config.settingsSource === 'embedded defaults' ? process.cwd() : path.dirname(config.settingsSource);
  const connectors =
    options.connectors ??
    ((system: SystemConfig) =>
      createConnector(system, { slack: client, githubToken: env.GITHUB_TOKEN, aws: { region: env.AWS_REGION, ...(awsCredentials ? { credentials: awsCredentials } : {}) }, cwd: configDir, clock }));
  const drafter = createDrafter({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL, model: settings.incidents.model, logger });
  const pagerDutyEmail = env.PAGERDUTY_API_TOKEN ? pagerDutyEmailLookup({ token: env.PAGERDUTY_API_TOKEN, apiUrl: env.PAGERDUTY_API_URL, logger }) : null;
  const services = createServices({
    db,
    sink,
    slack: webSlackPort({ client, posts, modals: interactive }),
    clock,
    logger,
    settings,
    uploader: options.uploader,
    render: renderPool.render,
    connectors,
    drafter,
    pagerDutyEmail,
    webhookSecrets: { pagerduty: secretList(env.PAGERDUTY_WEBHOOK_SECRET), sentry: secretList(env.SENTRY_CLIENT_SECRET), incident: secretList(env.INCIDENT_WEBHOOK_SECRET) },
  });
  const webhooks = new Webhooks(logger);
  for (const [source, handler] of Object.entries(services.webhookHandlers())) webhooks.register(source, handler);
  webhooks.register('hr', hrWebhook({ secrets: secretList(env.HR_WEBHOOK_SECRET), logger, clock, receive: services.lifecycle.receive }));
  const app = createApp({
    services,
    webhooks,
    logger,
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    botId: identity.bot_id ?? '',
    botUserId: identity.user_id ?? '',
    slackApiUrl: env.SLACK_API_URL,
    port: options.port ?? env.PORT,
  });
  let port = 0;
  if (env.SLACK_APP_TOKEN) {
    await app.start();
    port = options.port ?? env.PORT;
  } else {
    const server = (await app.start({ port: options.port ?? env.PORT, host: options.host ?? env.HOST })) as Server;
    port = (server.address() as { port: number }).port;
  }
  const removeGuard = survivingUnhandledRejections(logger);
  const task = options.cron === false ? null : cron.schedule('* * * * *', () => void services.tick().catch((error: unknown) => logger.error('tick failed', error)), { name: 'evidence-bot tick', noOverlap: true });
  logger.info('evidence-bot started', { mode: env.SLACK_APP_TOKEN ? 'socket' : 'http', port, sink: sink.description, config: config.settingsSource });
  return {
    services,
    db,
    logger,
    port,
    stop: async () => {
      removeGuard();
      await task?.destroy();
      await app.stop();
      await services.settle();
      await renderPool.close();
      db.close();
    },
  };
}

/** A secret setting that may hold several comma-separated values while a secret is rotated. */
function secretList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
