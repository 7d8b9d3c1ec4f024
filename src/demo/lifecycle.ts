import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { STEP_IDS } from '../../views/checklist-step.ts';
import { openActionId } from '../../views/requests.ts';
import type { DemoContext } from './context.ts';
import { openFromDm, waitFor } from './slack-ui.ts';
import { DEMO_HIRE } from './workspace.ts';

/**
 * Late February: HR's webhook reports a hire and a termination. Carmen Haddad, never onboarded
 * here, is found in GitHub, Vercel and Linear; Eli removes her from two systems at once, Dana is
 * late with Vercel, is reminded, her manager is told, and the 24-hour check catches the account.
 * Theo Park joins on his first day, signs the policies, and both checklists are filed.
 */
export async function hireAndTermination(demo: DemoContext, hrSecret: string): Promise<void> {
  const { say, passHours, clock, bot, double, driver } = demo;
  const db = bot.db;
  const post = async (event: unknown): Promise<Record<string, unknown>> => {
    const body = JSON.stringify(event);
    const signature = `v1=${createHmac('sha256', hrSecret).update(body).digest('hex')}`;
    const response = await fetch(`http://127.0.0.1:${bot.port}/webhooks/hr`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-evidence-signature': signature }, body });
    return (await response.json()) as Record<string, unknown>;
  };
  const requestOf = (email: string, stepKey: string): string => {
    const id = db.prepare('SELECT s.request_id FROM checklist_steps s JOIN checklists c ON c.id = s.checklist_id WHERE c.email = ? AND s.step_key = ? AND c.state = ?').pluck().get(email, stepKey, 'open') as string | null;
    if (!id) throw new Error(`no open request for ${stepKey} of ${email}`);
    return id;
  };
  const openStep = (userId: string, requestId: string, actionId: string, callbackId: string) => openFromDm(double, driver(), userId, requestId, callbackId, actionId);
  const doStep = async (userId: string, email: string, stepKey: string, note: string, outcome: 'done' | 'not_applicable' = 'done'): Promise<void> => {
    const requestId = requestOf(email, stepKey);
    const view = await openStep(userId, requestId, outcome === 'done' ? openActionId(requestId) : `${STEP_IDS.notApplicablePrefix}${requestId}`, STEP_IDS.stepCallback);
    await driver().submitView(userId, view.id, {
      [STEP_IDS.outcomeBlock]: { [STEP_IDS.outcomeAction]: { type: 'radio_buttons', selected_option: { value: outcome } } },
      [STEP_IDS.noteBlock]: { [STEP_IDS.noteAction]: { type: 'plain_text_input', value: note } },
      [STEP_IDS.linkBlock]: { [STEP_IDS.linkAction]: { type: 'url_text_input', value: null } },
      [STEP_IDS.confirmBlock]: { [STEP_IDS.confirmAction]: { type: 'checkboxes', selected_options: outcome === 'done' ? [{ value: 'confirmed' }] : [] } },
    });
    await bot.services.settle();
  };
  const attest = async (userId: string, email: string, comment: string): Promise<void> => {
    const requestId = requestOf(email, 'manager-attestation');
    const view = await openStep(userId, requestId, openActionId(requestId), STEP_IDS.attestCallback);
    await driver().submitView(userId, view.id, {
      [STEP_IDS.attestBlock]: { [STEP_IDS.attestAction]: { type: 'checkboxes', selected_options: [{ value: 'attest' }] } },
      [STEP_IDS.commentBlock]: { [STEP_IDS.commentAction]: { type: 'plain_text_input', value: comment } },
    });
    await bot.services.settle();
  };
  const editExport = (file: string, edit: (text: string) => string): void => {
    const full = path.join(demo.out, 'exports', file);
    writeFileSync(full, edit(readFileSync(full, 'utf8')));
  };

  await passHours(Math.ceil((Date.parse('2026-02-23T14:00:00.000Z') - clock.now().getTime()) / 3_600_000));
  const hired = await post({ id: 'hris-2026-0223-17', type: 'hired', employee: { id: 'E-1107', name: 'Theo Park', email: DEMO_HIRE.email, manager_email: 'morgan@example.com', department: 'Engineering', start_date: '2026-03-02' } });
  say(`HR's webhook (signed): Theo Park is hired, starting Monday 2026-03-02, manager Morgan. He is not in Slack yet (${String(hired.outcome)}).`);
  await passHours(6);
  const terminated = await post({ id: 'hris-2026-0223-18', type: 'terminated', employee: { id: 'E-0872', name: 'Carmen Haddad', email: 'carmen.haddad@example.com', manager_email: 'priya@example.com', department: 'Design', termination_time: '2026-02-23T18:00:00-05:00' } });
  say(`HR's webhook: Carmen Haddad is terminated at 18:00 New York (${String(terminated.outcome)}). She was never onboarded here.`);
  await passHours(1);
  const found = (JSON.parse((db.prepare("SELECT discovery FROM checklists WHERE email = 'carmen.haddad@example.com'").pluck().get() as string | null) ?? '[]') as { name: string; status: string }[]).filter((entry) => entry.status === 'found').map((entry) => entry.name);
  say(`The connectors list her in ${found.join(', ')}: one access step each, due 24 h after the termination.`);

  await passHours(2);
  editExport('github.csv', (text) => text.split('\n').filter((line) => !line.startsWith('carmen.haddad,')).join('\n'));
  editExport('linear.json', (text) => text.replace(/("email": "carmen\.haddad@example\.com",[\s\S]*?"status": )"active"/, '$1"deactivated"'));
  await doStep('U0DEMOENG1', 'carmen.haddad@example.com', 'access-github', 'Removed from the example-inc organization.');
  await doStep('U0DEMOENG1', 'carmen.haddad@example.com', 'access-linear', 'Deactivated in Linear.');
  await doStep('U0DEMOENG1', 'carmen.haddad@example.com', 'other-access', 'Google Workspace suspended, 1Password vaults revoked.');
  await doStep('U0DEMOENG1', 'carmen.haddad@example.com', 'devices', 'Laptop returned by courier.');
  say('Eli removes Carmen from GitHub, deactivates her in Linear, suspends Google Workspace and gets her laptop back.');
  // The accounts appear in the next exports, so later lists and the quarter's review show him.
  editExport('github.csv', (text) => `${text.trimEnd()}\ntheo.park,${DEMO_HIRE.email},Theo Park,member,active,never\n`);
  editExport('linear.json', (text) => {
    const listing = JSON.parse(text) as { accounts: unknown[] };
    listing.accounts.push({ id: 'lin-theo', email: DEMO_HIRE.email, displayName: 'Theo Park', roles: ['member'], status: 'active', lastLogin: null });
    return `${JSON.stringify(listing, null, 1)}\n`;
  });
  await doStep('U0DEMOENG1', DEMO_HIRE.email, 'accounts', 'GitHub (member), Linear, Google Workspace, no production access.');
  say("Eli creates Theo's accounts.");

  const lateRequest = requestOf('carmen.haddad@example.com', 'access-vercel');
  await passHours(23);
  const check = db.prepare("SELECT reason, clean, results FROM offboarding_verifications v JOIN checklists c ON c.id = v.checklist_id WHERE c.email = 'carmen.haddad@example.com' ORDER BY v.at DESC LIMIT 1").get() as { reason: string; clean: number; results: string } | undefined;
  if (check && !check.clean) {
    const left = (JSON.parse(check.results) as { name: string; status: string; accounts: { label: string }[] }[]).filter((result) => result.status === 'remaining');
    say(`The ${check.reason} check finds ${left.map((result) => `${result.name} still listing ${result.accounts.map((account) => account.label).join(', ')}`).join('; ')}: Avery (security) and #compliance are alerted; Priya's attestation is blocked.`);
  }
  const escalations = db.prepare("SELECT COUNT(*) FROM request_events WHERE request_id = ? AND what = 'escalated'").pluck().get(lateRequest) as number;
  if (escalations > 0) say("Dana's Vercel step is overdue: her manager Morgan has been told.");
  await passHours(2);
  editExport('vercel.csv', (text) => text.split('\n').filter((line) => !line.includes('carmen.haddad@example.com')).join('\n'));
  await doStep('U0DEMOENG2', 'carmen.haddad@example.com', 'access-vercel', 'Removed from the Vercel team, a day late.');
  say('Dana removes Carmen from Vercel. The check runs again: every account is gone or disabled.');
  await passHours(1);
  await attest('U0DEMOMGR2', 'carmen.haddad@example.com', 'Confirmed with IT.');
  say("Priya attests; Carmen's offboarding is filed as a PDF with every step, both checks and her attestation.");

  await passHours(Math.ceil((Date.parse('2026-03-02T13:00:00.000Z') - clock.now().getTime()) / 3_600_000));
  double.addUser(DEMO_HIRE.user);
  await driver().event({ type: 'team_join', user: { id: DEMO_HIRE.user.id, is_bot: false, is_restricted: false } });
  await waitFor(() => db.prepare("SELECT 1 FROM checklist_steps WHERE step_key = 'acknowledgments' AND assignee = ? AND state = 'open'").pluck().get(DEMO_HIRE.user.id));
  say('Theo joins Slack on his first day (team_join): his checklist assigns him the policies and the training.');
  await passHours(1);
  await demo.actors.acknowledge(DEMO_HIRE.user.id);
  say('Theo signs.');
  await passHours(1);
  await attest('U0DEMOMGR1', DEMO_HIRE.email, 'Theo has what the platform team needs.');
  say("Morgan attests; Theo's onboarding is filed.");
  await passHours(1);
}
