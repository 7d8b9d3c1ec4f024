import { randomBytes } from 'node:crypto';
import type { Logger } from './logger.ts';

/**
 * A rejection nobody awaits would end the process by Node's default, and with it every ack in
 * flight and every timer. One exists in Bolt itself: its HTTP receiver reads `body.ssl_check` of
 * a signed payload that parses to JSON `null`, outside any try. The request it came from gets no
 * answer (Slack shows the person an error; nothing was recorded); the bot carries on and says so.
 * Returns the function that removes the guard, for stop().
 */
export function survivingUnhandledRejections(logger: Logger): () => void {
  const onRejection = (reason: unknown): void => {
    const reference = randomBytes(4).toString('hex');
    logger.error('a rejection nobody handled: the request it came from got no answer; the bot carries on', { reference }, reason);
  };
  process.on('unhandledRejection', onRejection);
  return () => void process.off('unhandledRejection', onRejection);
}
