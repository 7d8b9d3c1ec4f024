/**
 * The bot under load, in a process of its own so its memory and CPU are its own: startBot as
 * production runs it (default Web API retries, JSON logs on stderr), with a clock the bench
 * moves (a minute per tick, as node-cron wakes it every minute).
 *
 *   node --import tsx bench/bot-process.ts '{"env": {…}, "dir": "…", "at": "…"}'
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startBot } from '../src/bot.ts';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { JsonLogger } from '../src/logger.ts';

export type BenchParentMessage = { id: number; type: 'tick'; at: string } | { id: number; type: 'settle' } | { id: number; type: 'stats'; reset?: boolean } | { id: number; type: 'stop' };
export type BenchChildMessage = { type: 'ready'; port: number } | { type: 'done'; id: number; error?: string; stats?: BotStats };

export interface BotStats {
  /** Peak resident set size of this process so far, bytes. */
  maxRssBytes: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** How late the event loop ran its timers since the last reset, ms (Node accepts one new connection per loop turn). */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as { env: Record<string, string>; dir: string; at: string };
const clock = new ManualClock(options.at);
const config = loadConfig(options.env, options.dir);
const logger = new JsonLogger({ level: 'info', secrets: config.secrets, write: (line) => process.stderr.write(`${line}\n`) });
const bot = await startBot({ config, clock, logger, cron: false });

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const stats = (): BotStats => ({
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  rssBytes: process.memoryUsage().rss,
  heapUsedBytes: process.memoryUsage().heapUsed,
  loopDelayP99Ms: loop.percentile(99) / 1e6,
  loopDelayMaxMs: loop.max / 1e6,
});

process.on('message', (message: BenchParentMessage) => {
  const run = async (): Promise<BotStats | undefined> => {
    if (message.type === 'tick') {
      clock.set(message.at);
      await bot.services.tick();
    } else if (message.type === 'settle') await bot.services.settle();
    else if (message.type === 'stop') await bot.stop();
    const result = stats();
    if (message.type === 'stats' && message.reset) loop.reset();
    return result;
  };
  run().then(
    (result) => {
      process.send?.({ type: 'done', id: message.id, stats: result } satisfies BenchChildMessage);
      if (message.type === 'stop') process.disconnect();
    },
    (error: unknown) => process.send?.({ type: 'done', id: message.id, error: (error as Error).stack ?? String(error) } satisfies BenchChildMessage),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready', port: bot.port } satisfies BenchChildMessage);
