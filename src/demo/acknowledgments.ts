import type { DemoContext } from './context.ts';
import { DEMO_NEW_HIRE } from './workspace.ts';

/** January: the annual policy campaign, answered at once, after a reminder, after escalation, or never. */
export async function acknowledgmentMonth(demo: DemoContext): Promise<void> {
  const { actors, say, passHours, driver, double } = demo;
  await passHours(1);
  say('Avery, Morgan, Priya and Jordan acknowledge at once.');
  for (const user of ['U0DEMOADM1', 'U0DEMOMGR1', 'U0DEMOMGR2', 'U0DEMOSAL1']) await actors.acknowledge(user);
  const refused = await actors.acknowledge('U0DEMOENG2', { tickTraining: false });
  say(`Dana forgets the training box; the modal says: "${refused[0]}"`);
  await actors.acknowledge('U0DEMOENG2');
  say('Dana ticks it and signs.');
  await passHours(3 * 24);
  say('Eli signs after his reminder.');
  await actors.acknowledge('U0DEMOENG1');
  await passHours(5 * 24);
  say('Sam signs after his manager was told.');
  await actors.acknowledge('U0DEMOENG3');
  await passHours(7 * 24);
  double.addUser(DEMO_NEW_HIRE);
  say('Nia joins the workspace (team_join).');
  await driver().event({ type: 'team_join', user: { id: DEMO_NEW_HIRE.id, is_bot: false, is_restricted: false } });
  // The event is acked first and handled after, as Slack requires: wait for the handler's request.
  await actors.waitForRequest(DEMO_NEW_HIRE.id);
  await passHours(2);
  await actors.acknowledge(DEMO_NEW_HIRE.id);
  say('Nia signs on her first day. Pat never answers.');
}
