import { describe, expect, it } from 'vitest';
import type { AppHarness } from '../../helpers/app.ts';
import { eventually } from '../../helpers/eventually.ts';
import { IT, lifecycleApp, MANAGER, step, stepsOf } from './harness.ts';

async function run(h: AppHarness, userId: string, text: string): Promise<string> {
  const reply = await h.driver.command(userId, '/evidence', text);
  expect(reply.status).toBe(200);
  const ack = (reply.json as { text?: string } | undefined)?.text ?? '';
  if (!ack.startsWith('Starting the')) return ack;
  const follow = await eventually(() => h.double.responses().find((response) => response.url === reply.responseUrl)?.body as { text: string } | undefined, { what: 'the answer' });
  return follow.text;
}

describe('/evidence onboard and offboard', () => {
  it('when an admin offboards someone HR never told evidence-bot about, then the checklist runs on what the connectors list', async () => {
    const h = await lifecycleApp();
    const text = await run(h, 'U0ADMIN001', 'offboard lena@example.com');
    expect(text).toBe('Offboarding of Lena Rao started: Listing every connected system for their accounts now; an access step follows for each system that has one. The checklist is in <#C0COMPLIAN>.');
    await eventually(() => stepsOf(h).some((s) => s.step_key === 'access-github'), { what: 'the access steps' });
    expect(step(h, 'access-github').assignee).toBe(IT);
    // Lena's manager comes from the config's managers map when HR gave none: here there is none.
    expect(h.bot.db.prepare('SELECT started_by, manager_slack_id, email FROM checklists').get()).toEqual({ started_by: 'U0ADMIN001', manager_slack_id: null, email: 'lena@example.com' });
    await h.bot.services.tick();
    // Each step waits for its owner in App Home too, with the button that opens it.
    await h.driver.event({ type: 'app_home_opened', user: IT, tab: 'home' });
    const home = await eventually(() => h.double.home(IT), { what: 'the Home tab' });
    expect(JSON.stringify(home.blocks)).toContain('Offboarding of Lena Rao: Remove lena@example.com from GitHub');
    expect(await run(h, 'U0ADMIN001', 'offboard lena@example.com')).toMatch(/^Lena Rao already has an open offboarding checklist \(started 2026-07-06, `[0-9a-z]{12}`\)\.$/);
  });

  it('when an admin onboards with a start date and a manager, then both are used', async () => {
    const h = await lifecycleApp();
    const text = await run(h, 'U0ADMIN001', 'onboard dana@example.com start=2026-08-01 manager=morgan@example.com department=Sales');
    expect(text).toBe('Onboarding of Dana Developer started: 3 step(s). The checklist is in <#C0COMPLIAN>.');
    expect(h.bot.db.prepare('SELECT event_at, manager_slack_id, department, person_slack_id FROM checklists').get()).toEqual({ event_at: '2026-08-01T09:00:00.000Z', manager_slack_id: MANAGER, department: 'Sales', person_slack_id: 'U0ENGINEE2' });
  });

  it('when the command is wrong or the caller is not an admin, then it says why and starts nothing', async () => {
    const h = await lifecycleApp();
    expect(await run(h, 'U0ENGINEE1', 'offboard lena@example.com')).toBe('`/evidence offboard` is for the compliance admins configured in evidence-bot. Your own requests are in my App Home tab.');
    expect(await run(h, 'U0ADMIN001', 'offboard lena')).toBe('lena is not an email address. Usage: /evidence offboard <email> [at=YYYY-MM-DD or an ISO time] [manager=<email>]');
    expect(await run(h, 'U0ADMIN001', 'onboard nia@example.com start=next-week')).toBe('start= takes a date such as 2026-04-15, for onboarding. Usage: /evidence onboard <email> [start=YYYY-MM-DD] [manager=<email>] [department=<name>]');
    expect(await run(h, 'U0ADMIN001', 'offboard lena@example.com when=now')).toBe('I do not understand "when=now". Usage: /evidence offboard <email> [at=YYYY-MM-DD or an ISO time] [manager=<email>]');
    expect(await run(h, 'U0ADMIN001', 'offboard lena@example.com at=9999-12-31')).toBe(
      'at: 9999-12-31 is more than 10 years away; HR systems use such dates to mean "no end date", which is not a termination, so nothing was filed. Send the real termination date (accepted: 2016-07-06 to 2036-07-06, within 10 years of today). Usage: /evidence offboard <email> [at=YYYY-MM-DD or an ISO time] [manager=<email>]',
    );
    expect(await run(h, 'U0ADMIN001', 'onboard nia@example.com start=0001-01-01')).toBe(
      'start: 0001-01-01 is more than 10 years ago, not a real start date (accepted: 2016-07-06 to 2036-07-06, within 10 years of today). Usage: /evidence onboard <email> [start=YYYY-MM-DD] [manager=<email>] [department=<name>]',
    );
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM checklists').pluck().get()).toBe(0);
  });
});
