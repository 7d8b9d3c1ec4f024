import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ManualClock } from '../../../src/clock.ts';
import { SlackDouble, type SlackDriver } from '../../../src/slack-double/index.ts';
import { openDatabase, type Db } from '../../../src/store/db.ts';
import { BOT_TOKEN, DEFAULT_PEOPLE, SIGNING_SECRET } from '../../helpers/app.ts';
import { tempDir } from '../../helpers/temp.ts';
import type { ScenarioSetup } from '../flows/scenario.ts';
import type { ChildMessage, EntryOptions, ParentMessage } from './bot-entry.ts';
import { driverFor, sendWebhook, type BotUnderTest } from './bot-under-test.ts';

const ENTRY = path.join(import.meta.dirname, 'bot-entry.ts');
const READY_TIMEOUT_MS = 30_000;

/**
 * The real bot running in a child process (bot-entry.ts) that can be SIGKILLed and started
 * again on the same SQLite file and evidence folder. The Slack double and the clock live here,
 * so what Slack saw and what time it is survive the bot's death.
 */
export class ChildBot implements BotUnderTest {
  readonly env: Record<string, string>;
  readonly db: Db;
  private child: ChildProcess | null = null;
  private port = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  /** Everything the bot processes wrote on stderr (JSON log lines), across restarts. */
  readonly logs: string[] = [];
  starts = 0;

  private constructor(
    readonly double: SlackDouble,
    readonly dir: string,
    private readonly clock: ManualClock,
    env: Record<string, string>,
    private readonly slackTimeoutMs: number,
  ) {
    this.env = env;
    // The parent's own connection: it only reads, and it outlives every child.
    this.db = openDatabase(env.EVIDENCE_DB!);
  }

  static async start(setup: ScenarioSetup, options: { slackTimeoutMs?: number } = {}): Promise<ChildBot> {
    const dir = tempDir('child-bot');
    writeFileSync(path.join(dir, 'evidence.config.yaml'), setup.yaml);
    for (const [name, text] of Object.entries(setup.files ?? {})) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    const double = await SlackDouble.start({ token: BOT_TOKEN });
    for (const person of setup.people ?? DEFAULT_PEOPLE) double.addUser(person);
    double.addChannel({ id: 'C0COMPLIAN', name: 'compliance' });
    for (const channel of setup.channels ?? []) double.addChannel(channel);
    const env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: double.apiUrl,
      EVIDENCE_CONFIG: path.join(dir, 'evidence.config.yaml'),
      EVIDENCE_DB: path.join(dir, 'evidence.db'),
      EVIDENCE_DIR: path.join(dir, 'evidence'),
      PORT: '0',
      HOST: '127.0.0.1',
      ...setup.env,
    };
    const bot = new ChildBot(double, dir, new ManualClock(setup.start ?? '2026-07-06T13:00:00.000Z'), env, options.slackTimeoutMs ?? 1_000);
    await bot.spawn();
    return bot;
  }

  /** Where the bot listens: for requests the driver cannot send (one that never gets an answer). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get driver(): SlackDriver {
    return driverFor(`http://127.0.0.1:${this.port}/slack/events`, this.double, 'once');
  }

  webhook(source: string, body: string, headers: Record<string, string>) {
    return sendWebhook(`http://127.0.0.1:${this.port}`, 'once', source, body, headers);
  }

  now(): Date {
    return this.clock.now();
  }

  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.ask({ type: 'set', at: this.clock.now().toISOString() });
  }

  async tick(): Promise<void> {
    await this.ask({ type: 'tick' });
  }

  async settle(): Promise<void> {
    await this.ask({ type: 'settle' });
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed, as when the machine or the OOM killer stops it. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts the bot again on the same database, evidence folder and clock. */
  async restart(): Promise<void> {
    await this.kill();
    await this.spawn();
  }

  /** A clean stop (the bot settles its work and closes the database), then the double. */
  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      await this.ask({ type: 'stop' });
      await exited;
    }
    this.child = null;
  }

  async close(): Promise<void> {
    await this.kill();
    this.db.close();
    await this.double.close();
  }

  private async spawn(): Promise<void> {
    const options: EntryOptions = { env: this.env, dir: this.dir, at: this.clock.now().toISOString(), slackTimeoutMs: this.slackTimeoutMs };
    const child = fork(ENTRY, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    this.starts += 1;
    let partial = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      this.logs.push(...lines.filter(Boolean));
    });
    child.on('message', (message: ChildMessage) => {
      if (message.type !== 'done') return;
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) waiting?.reject(new Error(`the bot process failed: ${message.error}`));
      else waiting?.resolve();
    });
    child.on('exit', (code, signal) => {
      for (const waiting of this.waiting.values()) waiting.reject(new Error(`the bot process exited (${signal ?? code}) while the test waited for it`));
      this.waiting.clear();
    });
    const ready = await new Promise<ChildMessage>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`the bot process did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      const onMessage = (message: ChildMessage) => {
        cleanup();
        resolve(message);
      };
      const onExit = (code: number | null) => fail(new Error(`the bot process exited with ${String(code)} before it was ready:\n${this.logs.slice(-20).join('\n')}`));
      const fail = (error: Error) => {
        cleanup();
        reject(error);
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
    });
    if (ready.type !== 'ready') throw new Error(`unexpected first message from the bot process: ${JSON.stringify(ready)}`);
    this.port = ready.port;
  }

  private ask(message: ParentMessage extends infer M ? (M extends unknown ? Omit<M, 'id'> : never) : never): Promise<void> {
    const child = this.child;
    if (!child?.connected) return Promise.reject(new Error('the bot process is not running'));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      child.send({ ...message, id } as ParentMessage);
    });
  }
}
