import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoContext } from './context.ts';

/**
 * March: the quarterly access reviews of GitHub, Vercel and Linear start on schedule from export
 * files. Morgan revokes two GitHub accounts nobody has used since November; Eli removes one and
 * marks it done; the next listing no longer has either, and both follow-ups close. Priya signs
 * Vercel but never gets to Linear (a planted gap).
 */
export async function accessReviewQuarter(demo: DemoContext): Promise<void> {
  const { actors, say, passHours, clock } = demo;
  const hoursToReviews = Math.ceil((new Date('2026-03-15T14:00:00.000Z').getTime() - clock.now().getTime()) / 3_600_000);
  await passHours(hoursToReviews);
  const listed = demo.bot.db.prepare("SELECT account_count FROM snapshots WHERE system = 'github' AND purpose = 'review' ORDER BY taken_at DESC LIMIT 1").pluck().get() as number;
  say(`Morgan opens the GitHub review (${listed} accounts, frozen and hashed) and revokes lena.rao and dev.diaz: no login since November.`);
  await actors.review('U0DEMOMGR1', 'github', { revoke: ['lena.rao@example.com', 'dev.diaz@example.com'], comment: 'Both left the platform team in Q4.' });
  say('Priya reviews Vercel and keeps every account. She puts Linear off (a planted gap).');
  await actors.review('U0DEMOMGR2', 'vercel', {});
  await passHours(2);
  say('Eli removes lena.rao from GitHub and marks it done.');
  await actors.markRemoved('U0DEMOENG1', 'lena.rao@example.com', 'Removed from the example-inc organization; SSO sessions revoked.');
  const exportFile = path.join(demo.out, 'exports', 'github.csv');
  const remaining = readFileSync(exportFile, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('lena.rao,') && !line.startsWith('dev.diaz,'));
  writeFileSync(exportFile, remaining.join('\n'));
  say('A new GitHub export arrives without both accounts.');
  await passHours(8);
  say('The revocation check has listed GitHub again: both follow-ups are closed and confirmed.');
  await passHours(24 * 5);
}
