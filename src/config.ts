import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { settingsSchema, type Settings } from './config-schema.ts';

export type { Settings } from './config-schema.ts';

/** Raised for any config the bot cannot run with; the message names the file, the field and the fault. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

const envSchema = z.object({
  SLACK_BOT_TOKEN: optionalText,
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText,
  SLACK_API_URL: optionalText.pipe(z.url('expected an http(s) URL').optional()),
  PORT: optionalText.transform((port, ctx) => {
    if (port === undefined) return 3000;
    const number = Number(port);
    if (Number.isInteger(number) && number >= 0 && number <= 65_535) return number;
    ctx.addIssue({ code: 'custom', message: `expected a port number from 0 to 65535, got ${JSON.stringify(port)}` });
    return z.NEVER;
  }),
  HOST: optionalText.transform((host) => host ?? '0.0.0.0'),
  EVIDENCE_CONFIG: optionalText,
  EVIDENCE_DB: optionalText.transform((file) => file ?? 'evidence.db'),
  EVIDENCE_DIR: optionalText.transform((dir) => dir ?? 'evidence-data'),
  EVIDENCE_BUCKET: optionalText.pipe(z.string().min(3, 'bucket names have at least 3 characters').optional()),
  S3_ENDPOINT: optionalText.pipe(z.url('expected an http(s) URL').optional()),
  AWS_REGION: optionalText,
  AWS_ACCESS_KEY_ID: optionalText,
  AWS_SECRET_ACCESS_KEY: optionalText,
  AWS_SESSION_TOKEN: optionalText,
  ANTHROPIC_API_KEY: optionalText,
  ANTHROPIC_BASE_URL: optionalText.pipe(z.url().optional()),
  /** Several secrets, comma-separated, while PagerDuty rotates them. */
  PAGERDUTY_WEBHOOK_SECRET: optionalText,
  PAGERDUTY_API_TOKEN: optionalText,
  PAGERDUTY_API_URL: optionalText.pipe(z.url('expected an http(s) URL').optional()),
  SENTRY_CLIENT_SECRET: optionalText,
  HR_WEBHOOK_SECRET: optionalText,
  INCIDENT_WEBHOOK_SECRET: optionalText,
  GITHUB_TOKEN: optionalText,
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).optional().transform((level) => level ?? 'info'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env;
  settings: Settings;
  /** Where the settings came from: a file path, or "embedded defaults". */
  settingsSource: string;
  /** Every configured secret, so the logger can scrub them from anything it writes. */
  secrets: string[];
}

const DEFAULT_CONFIG_FILE = 'evidence.config.yaml';

export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): Config {
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) {
    throw new ConfigError('environment', parsedEnv.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const { settings, source } = loadSettings(parsedEnv.data.EVIDENCE_CONFIG, cwd);
  const e = parsedEnv.data;
  const secrets = [e.SLACK_BOT_TOKEN, e.SLACK_SIGNING_SECRET, e.SLACK_APP_TOKEN, e.ANTHROPIC_API_KEY, e.PAGERDUTY_WEBHOOK_SECRET, e.PAGERDUTY_API_TOKEN, e.SENTRY_CLIENT_SECRET, e.HR_WEBHOOK_SECRET, e.INCIDENT_WEBHOOK_SECRET, e.GITHUB_TOKEN, e.AWS_SECRET_ACCESS_KEY, e.AWS_SESSION_TOKEN]
    // A comma-separated list (PagerDuty during rotation) is scrubbed whole and piece by piece.
    .flatMap((secret) => (secret?.includes(',') ? [secret, ...secret.split(',').map((part) => part.trim())] : [secret]))
    .filter(
    (secret): secret is string => typeof secret === 'string' && secret.length >= 6,
  );
  return { env: parsedEnv.data, settings, settingsSource: source, secrets };
}

function loadSettings(configured: string | undefined, cwd: string): { settings: Settings; source: string } {
  const file = path.resolve(cwd, configured ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (configured) throw new ConfigError(configured, [`file not found (EVIDENCE_CONFIG points at ${file})`]);
    return { settings: parseSettings('', 'embedded defaults'), source: 'embedded defaults' };
  }
  return { settings: parseSettings(readFileSync(file, 'utf8'), file), source: file };
}

/** Parses YAML text into settings; exported so tests and `doctor` can check a file without the environment. */
export function parseSettings(text: string, source: string): Settings {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      source,
      doc.errors.map((error) => `line ${lineCounter.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS() ?? {};
  } catch (error) {
    // The yaml library refuses an alias bomb (aliases expanding past its limit) only while converting.
    throw new ConfigError(source, [`the YAML cannot be read: ${(error as Error).message}`]);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(source, ['the file must be a YAML mapping of settings']);
  const parsed = settingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    source,
    parsed.error.issues.map((issue) => {
      const keyPath = issue.path.filter((part): part is string | number => typeof part !== 'symbol');
      const fullPath = issue.code === 'unrecognized_keys' ? [...keyPath, issue.keys[0] ?? ''] : keyPath;
      const where = formatPath(fullPath);
      const line = lineOf(doc, lineCounter, fullPath);
      return `${line ? `line ${line}, ` : ''}${where || '(top level)'}: ${issue.message}`;
    }),
  );
}

function formatPath(parts: (string | number)[]): string {
  return parts.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

/** The line of the deepest node on the path that exists, so a missing field points at its parent. */
function lineOf(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, keyPath: (string | number)[]): number | undefined {
  for (let depth = keyPath.length; depth >= 0; depth -= 1) {
    const node = doc.getIn(keyPath.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
