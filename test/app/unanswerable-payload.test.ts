import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_YAML } from '../helpers/app.ts';
import { ChildBot } from '../faults/support/child-bot.ts';

const bots: ChildBot[] = [];
afterAll(async () => {
  for (const bot of bots) await bot.close();
});

describe('a signed payload that breaks Bolt itself', () => {
  // Its own process: the rejection Bolt leaves unhandled would end a test runner's process too.
  it('when a signed interaction payload is JSON null, then that request gets no answer but the bot keeps running and says why', async () => {
    const bot = await ChildBot.start({ yaml: DEFAULT_YAML });
    bots.push(bot);
    const body = 'payload=null';
    const unanswered = await fetch(`${bot.url}/slack/events`, { method: 'POST', headers: bot.driver.sign(body, Math.floor(Date.now() / 1000)), body, signal: AbortSignal.timeout(2_000) }).then(
      (response) => `answered ${response.status}`,
      (error: Error) => error.name,
    );
    expect(unanswered).toBe('TimeoutError');

    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const status = await bot.driver.command('U0ADMIN001', '/evidence', 'help');
    expect(status.status).toBe(200);
    expect(bot.logs.some((line) => line.includes('a rejection nobody handled') && line.includes('ssl_check'))).toBe(true);
  });
});
