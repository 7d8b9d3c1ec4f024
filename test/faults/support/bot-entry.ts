/**
 * The real bot in a process of its own, so the kill test can SIGKILL it: startBot on a given
 * SQLite file and evidence folder, talking to the Slack double in the parent process. Time is
 * the parent's: the clock moves only when the parent says so (IPC), and a restarted process
 * starts where the parent's clock is.
 *
 *   node --import tsx bot-entry.ts '{"env": {…}, "dir": "…", "at": "2026-07-06T13:00:00Z"}'
 */
import { startBot } from '../../../src/bot.ts';
import { ManualClock } from '../../../src/clock.ts';
import { loadConfig } from '../../../src/config.ts';
import { JsonLogger } from '../../../src/logger.ts';
import { FAST_SLACK_RETRIES } from '../../helpers/slack-retries.ts';

export interface EntryOptions {
  env: Record<string, string>;
  dir: string;
  at: string;
  /** Web API client timeout, ms: short, so a hung call fails fast. */
  slackTimeoutMs: number;
}

export type ParentMessage = { id: number; type: 'set'; at: string } | { id: number; type: 'tick' } | { id: number; type: 'settle' } | { id: number; type: 'stop' };
export type ChildMessage = { type: 'ready'; port: number } | { type: 'done'; id: number; error?: string };

const options = JSON.parse(process.argv[2] ?? '{}') as EntryOptions;
const clock = new ManualClock(options.at);
const config = loadConfig(options.env, options.dir);
// Pipes are written synchronously on Linux: every line is out before a SIGKILL can cut it.
const logger = new JsonLogger({ level: 'info', secrets: config.secrets, write: (line) => process.stderr.write(`${line}\n`) });
const bot = await startBot({
  config,
  clock,
  logger,
  cron: false,
  webClient: { timeout: options.slackTimeoutMs },
  slackRetryTiming: FAST_SLACK_RETRIES,
});

const send = (message: ChildMessage): void => void process.send?.(message);

process.on('message', (message: ParentMessage) => {
  const run = async (): Promise<void> => {
    if (message.type === 'set') clock.set(message.at);
    else if (message.type === 'tick') await bot.services.tick();
    else if (message.type === 'settle') await bot.services.settle();
    else if (message.type === 'stop') await bot.stop();
  };
  run().then(
    () => {
      send({ type: 'done', id: message.id });
      if (message.type === 'stop') process.disconnect();
    },
    (error: unknown) => send({ type: 'done', id: message.id, error: (error as Error).stack ?? String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', port: bot.port });
