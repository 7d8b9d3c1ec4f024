import { LogLevel, type Logger } from '@slack/bolt';

export type { Logger } from '@slack/bolt';

const ORDER: Record<string, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Token shapes scrubbed even when nobody configured them as secrets (a token pasted into a message, say). */
const TOKEN_PATTERNS = [/xox[abposr]-[A-Za-z0-9-]{8,}/g, /xapp-[A-Za-z0-9-]{8,}/g, /\bAKIA[0-9A-Z]{16}\b/g, /sk-ant-[A-Za-z0-9_-]{8,}/g];

export interface JsonLoggerOptions {
  level?: string;
  name?: string;
  /** Configured secret values: any line containing one has it replaced before it is written. */
  secrets?: string[];
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * JSON lines with levels, shaped for log collectors, through Bolt's Logger interface so Bolt's
 * own messages come out the same way. Arguments after the first string become fields.
 */
export class JsonLogger implements Logger {
  private level: LogLevel;
  private name: string | undefined;
  private readonly secrets: string[];
  private readonly write: (line: string) => void;
  private readonly now: () => Date;

  constructor(options: JsonLoggerOptions = {}) {
    this.level = (options.level as LogLevel | undefined) ?? LogLevel.INFO;
    this.name = options.name;
    this.secrets = [...(options.secrets ?? [])].filter((secret) => secret.length >= 6).sort((a, b) => b.length - a.length);
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
    this.now = options.now ?? (() => new Date());
  }

  debug(...msg: unknown[]): void {
    this.log(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.log(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.log(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.log(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private log(level: LogLevel, args: unknown[]): void {
    if ((ORDER[level] ?? 0) < (ORDER[this.level] ?? 0)) return;
    const entry: Record<string, unknown> = { time: this.now().toISOString(), level };
    if (this.name) entry.logger = this.name;
    const words: string[] = [];
    for (const arg of args) {
      if (arg instanceof Error) entry.error = { name: arg.name, message: arg.message, ...(level === LogLevel.ERROR && arg.stack ? { stack: arg.stack } : {}) };
      else if (arg !== null && typeof arg === 'object' && !Array.isArray(arg)) Object.assign(entry, arg);
      else words.push(typeof arg === 'string' ? arg : safeStringify(arg));
    }
    entry.msg = words.join(' ');
    this.write(this.redact(safeStringify(entry)));
  }

  redact(text: string): string {
    let clean = text;
    for (const secret of this.secrets) clean = clean.split(secret).join('[redacted]');
    for (const pattern of TOKEN_PATTERNS) clean = clean.replace(pattern, '[redacted]');
    return clean;
  }
}

function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, member: unknown) => {
    if (typeof member === 'bigint') return member.toString();
    if (member instanceof Error) return { name: member.name, message: member.message };
    if (member !== null && typeof member === 'object') {
      if (seen.has(member)) return '[circular]';
      seen.add(member);
    }
    return member;
  });
}

/** A logger that writes nothing: for benchmarks and tests that assert on other things. */
export function silentLogger(): JsonLogger {
  return new JsonLogger({ level: 'error', write: () => undefined });
}
