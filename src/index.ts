import { ConfigError, loadConfig } from './config.ts';
import { startBot, StartupError } from './bot.ts';

/** `npm start`: config → store → app → scheduler. Any start-up failure exits non-zero with the reason. */
try {
  const bot = await startBot({ config: loadConfig() });
  const stop = async (signal: string): Promise<void> => {
    bot.logger.info('stopping', { signal });
    await bot.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError || error instanceof StartupError) {
    process.stderr.write(`evidence-bot cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`evidence-bot cannot start: ${(error as Error).message}\n`);
  }
  process.exit(1);
}
