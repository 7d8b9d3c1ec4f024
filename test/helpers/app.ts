import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WebClientOptions } from '@slack/web-api';
import { afterEach } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import type { Sink } from '../../src/evidence/sinks/types.ts';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { JsonLogger } from '../../src/logger.ts';
import { SlackDouble, SlackDriver, type SlackUserRecord } from '../../src/slack-double/index.ts';
import { tempDir } from './temp.ts';
import { FAST_SLACK_RETRIES } from './slack-retries.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token';

export interface AppHarness {
  dir: string;
  /** The app's base URL, for webhooks and /healthz. */
  baseUrl: string;
  double: SlackDouble;
  driver: SlackDriver;
  bot: Bot;
  clock: ManualClock;
  logs: string[];
  yaml: string;
  /** The environment the bot was started with (for the CLI: `evidence verify` on the same files). */
  env: Record<string, string>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const running: AppHarness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop();
});

export const DEFAULT_PEOPLE: (Partial<SlackUserRecord> & { id: string })[] = [
  { id: 'U0ADMIN001', real_name: 'Avery Admin', profile: { email: 'avery@example.com', real_name: 'Avery Admin', display_name: 'avery' }, tz: 'America/New_York' },
  { id: 'U0MANAGER1', real_name: 'Morgan Manager', profile: { email: 'morgan@example.com', real_name: 'Morgan Manager', display_name: 'morgan' }, tz: 'America/New_York' },
  { id: 'U0ENGINEE1', real_name: 'Eli Engineer', profile: { email: 'eli@example.com', real_name: 'Eli Engineer', display_name: 'eli' }, tz: 'Europe/Berlin' },
  { id: 'U0ENGINEE2', real_name: 'Dana Developer', profile: { email: 'dana@example.com', real_name: 'Dana Developer', display_name: 'dana' }, tz: 'America/Los_Angeles' },
];

export const DEFAULT_YAML = `
organization: Example Inc.
admins: [U0ADMIN001]
complianceChannel: C0COMPLIAN
managers:
  U0ENGINEE1: U0MANAGER1
  U0ENGINEE2: U0MANAGER1
policies:
  - id: infosec
    name: Information Security Policy
    version: "2026.1"
    url: https://intranet.example.com/policies/infosec
    sha256: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08
  - id: acceptable-use
    name: Acceptable Use Policy
    version: "3"
    url: https://intranet.example.com/policies/aup
acknowledgments:
  training:
    name: Security Awareness Training
    version: "2026"
    url: https://training.example.com/security-2026
`;

/**
 * The real app in HTTP mode on 127.0.0.1, talking to the local Slack double through the real
 * WebClient, with a real SQLite file and a local evidence folder, and a clock the test moves.
 */
export interface TestAppOptions {
  yaml?: string;
  people?: (Partial<SlackUserRecord> & { id: string })[];
  start?: string;
  env?: Record<string, string>;
  channels?: { id: string; name: string }[];
  /** In place of the sink the environment selects (fault tests wrap it to take it down). */
  sink?: (env: Record<string, string>) => Sink;
  /** Merged over the tests' short retry policy (fault tests shorten the timeout too). */
  webClient?: Partial<WebClientOptions>;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<AppHarness> {
  const dir = tempDir('app');
  const yaml = options.yaml ?? DEFAULT_YAML;
  writeFileSync(path.join(dir, 'evidence.config.yaml'), yaml);
  const double = await SlackDouble.start({ token: BOT_TOKEN });
  for (const person of options.people ?? DEFAULT_PEOPLE) double.addUser(person);
  double.addChannel({ id: 'C0COMPLIAN', name: 'compliance' });
  for (const channel of options.channels ?? []) double.addChannel(channel);
  const clock = new ManualClock(options.start ?? '2026-07-06T13:00:00.000Z');
  const logs: string[] = [];
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: double.apiUrl,
    EVIDENCE_CONFIG: path.join(dir, 'evidence.config.yaml'),
    EVIDENCE_DB: path.join(dir, 'evidence.db'),
    EVIDENCE_DIR: path.join(dir, 'evidence'),
    PORT: '0',
    HOST: '127.0.0.1',
    ...options.env,
  };
  const sink = options.sink?.(env);
  const boot = async (): Promise<Bot> => {
    const config = loadConfig(env, dir);
    const logger = new JsonLogger({ level: 'debug', secrets: config.secrets, write: (line) => logs.push(line) });
    return startBot({ config, clock, logger, cron: false, ...(sink ? { sink } : {}), slackRetryTiming: FAST_SLACK_RETRIES, ...(options.webClient ? { webClient: options.webClient } : {}) });
  };
  let bot = await boot();
  const harness: AppHarness = {
    dir,
    get baseUrl() {
      return `http://127.0.0.1:${bot.port}`;
    },
    double,
    get driver() {
      return new SlackDriver({ appUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret: SIGNING_SECRET, double });
    },
    get bot() {
      return bot;
    },
    clock,
    logs,
    yaml,
    env,
    restart: async () => {
      await bot.stop();
      bot = await boot();
    },
    stop: async () => {
      await bot.stop().catch(() => undefined);
      await double.close();
    },
  };
  running.push(harness);
  return harness;
}
