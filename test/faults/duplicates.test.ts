import { afterAll, describe, expect, it } from 'vitest';
import { REVIEW_IDS } from '../../views/access-review.ts';
import { INCIDENT_IDS } from '../../views/incident.ts';
import { eventually } from '../helpers/eventually.ts';
import { accessReviewScenario } from './flows/access-review.ts';
import { acknowledgmentsScenario } from './flows/acknowledgments.ts';
import { incidentsScenario } from './flows/incidents.ts';
import { SCENARIOS } from './flows/index.ts';
import type { FlowScenario } from './flows/scenario.ts';
import { openFromDm, waitingRequests } from './flows/signing.ts';
import { startInProcess, type BotUnderTest, type Transport } from './support/bot-under-test.ts';
import { evidenceProblems } from './support/census.ts';
import { errorsLogged, errorsShown, fingerprint } from './support/fingerprint.ts';
import { reportFigures } from './support/report.ts';
import { runScenario, settleFully } from './support/run.ts';

const SIZE = 4;

const figures: Record<string, string | number>[] = [];
afterAll(() => reportFigures('duplicates', figures));

async function play(scenario: FlowScenario, transport: Transport) {
  const { h, bot } = await startInProcess(scenario.setup(SIZE), { transport });
  const run = await runScenario(bot, scenario, SIZE);
  await settleFully(bot);
  expect(await evidenceProblems(bot, scenario.kinds, run.signed)).toEqual([]);
  const print = await fingerprint(bot, scenario);
  await h.stop();
  const sent = transport === 'once' ? run.deliveries : 2 * run.deliveries;
  figures.push({ flow: scenario.name, 'each delivery': transport === 'once' ? 'once' : transport === 'retry' ? 'twice in a row' : 'twice at once', 'commands, submissions, webhooks sent': sent, requests: print.census.requests, responses: print.census.responses, artifacts: print.census.artifacts, 'ledger entries': print.census.ledger, 'sink objects': print.census.sinkObjects, 'DMs': print.slackMessages['direct messages'] ?? 0, 'errors shown': print.errorsShown, 'evidence verify': 'ok' });
  return print;
}

function rowCounts(bot: BotUnderTest): Record<string, number> {
  const tables = ['requests', 'request_events', 'artifacts', 'artifact_jobs', 'outbox', 'incidents', 'webhook_deliveries', 'review_decisions', 'people'];
  return Object.fromEntries(tables.map((table) => [table, bot.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number]));
}

describe.each(SCENARIOS)('duplicate deliveries: $name', (scenario) => {
  it('when every command, click, submission and webhook of the flow arrives twice, in a row or at once, then every effect happens once and nobody is told of an error', async () => {
    const clean = await play(scenario, 'once');
    expect(clean.census.responses).toBeGreaterThanOrEqual(SIZE);
    expect(clean.errorsShown + clean.errorsLogged).toBe(0);
    expect(await play(scenario, 'retry')).toEqual(clean);
    expect(await play(scenario, 'race')).toEqual(clean);
  });
});

describe.each(['retry', 'race'] as const)('duplicate deliveries outside the signatures (%s)', (transport) => {
  it('when Slack delivers a new member’s team_join twice, then they are asked once', async () => {
    const { bot } = await startInProcess(acknowledgmentsScenario.setup(SIZE), { transport });
    bot.double.addUser({ id: 'U0NEWHIRE1', real_name: 'Nia New', profile: { email: 'nia@example.com', real_name: 'Nia New', display_name: 'nia' } });
    expect((await bot.driver.event({ type: 'team_join', user: { id: 'U0NEWHIRE1', is_bot: false, is_restricted: false } })).status).toBe(200);
    await eventually(() => bot.double.callsOf('chat.postMessage').some((call) => call.ok && call.args.channel === 'U0NEWHIRE1'), { what: 'the new member’s DM' });
    await bot.tick();
    await bot.settle();
    expect(bot.db.prepare("SELECT assignee, state FROM requests WHERE kind = 'acknowledgment'").all()).toEqual([{ assignee: 'U0NEWHIRE1', state: 'open' }]);
    expect(bot.double.callsOf('chat.postMessage').filter((call) => call.ok && call.args.channel === 'U0NEWHIRE1')).toHaveLength(1);
    expect([errorsShown(bot), errorsLogged(bot)]).toEqual([0, []]);
  });

  it('when App Home is opened and /evidence status is run, each delivered twice, then the same Home and status are shown and nothing is written', async () => {
    const { bot } = await startInProcess(acknowledgmentsScenario.setup(SIZE), { transport });
    const before = rowCounts(bot);
    expect((await bot.driver.event({ type: 'app_home_opened', user: 'U0ADMIN001', tab: 'home' })).status).toBe(200);
    const home = await eventually(() => bot.double.home('U0ADMIN001'), { what: 'the Home tab' });
    const status = await bot.driver.command('U0ADMIN001', '/evidence', 'status');
    expect(status.status).toBe(200);
    expect(JSON.stringify(status.json)).toContain('Evidence status');
    expect(bot.double.home('U0ADMIN001')?.blocks).toEqual(home.blocks);
    // Looking up the admin's profile for Home is the only write: a cache, the same row either way.
    expect({ ...rowCounts(bot), people: before.people }).toEqual(before);
    expect([errorsShown(bot), errorsLogged(bot)]).toEqual([0, []]);
  });

  it('when /evidence incident and its form are each delivered twice, then one form opens and one incident is logged', async () => {
    const { bot } = await startInProcess(incidentsScenario.setup(SIZE), { transport });
    expect((await bot.driver.command('U0ENGINEE1', '/evidence', 'incident checkout is down')).status).toBe(200);
    const form = await eventually(() => bot.double.views().find((view) => view.callback_id === INCIDENT_IDS.reportCallback), { what: 'the incident form' });
    const logged = await bot.driver.submitView('U0ENGINEE1', form.id, {
      [INCIDENT_IDS.reportTitleBlock]: { [INCIDENT_IDS.reportTitleAction]: { type: 'plain_text_input', value: 'checkout is down' } },
      [INCIDENT_IDS.reportSeverityBlock]: { [INCIDENT_IDS.reportSeverityAction]: { type: 'static_select', selected_option: { value: 'SEV2' } } },
      [INCIDENT_IDS.reportServiceBlock]: { [INCIDENT_IDS.reportServiceAction]: { type: 'plain_text_input', value: '' } },
    });
    expect(logged.problems).toEqual([]);
    await bot.settle();
    await bot.tick();
    expect(bot.double.views().filter((view) => view.callback_id === INCIDENT_IDS.reportCallback)).toHaveLength(0);
    expect(bot.db.prepare('SELECT number, oncall FROM incidents').all()).toEqual([{ number: 'INC-20260706-1', oncall: 'U0ENGINEE1' }]);
    expect(bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'incident-resolution'").pluck().get()).toBe(1);
    expect(bot.double.messages('C0INCIDENT')).toHaveLength(1);
    expect(bot.double.callsOf('views.open').filter((call) => call.ok)).toHaveLength(1);
    expect([errorsShown(bot), errorsLogged(bot)]).toEqual([0, []]);
  });

  it('when choices and Next in a 90-account review are each delivered twice, then the reviewer sees the next page, every choice is kept once, and the signature files once', async () => {
    const { bot } = await startInProcess(accessReviewScenario.setup(90), { transport });
    for (const delivery of await accessReviewScenario.trigger(bot, 90)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    const [review] = waitingRequests(bot.db, ['access-review']);
    const view = await openFromDm(bot, review!, REVIEW_IDS.callbackId);
    const choose = async (index: number) => {
      const current = bot.double.view(view.id)!;
      const reply = await bot.driver.blockActions('U0MANAGER1', {
        container: { type: 'view', view_id: current.id },
        view: current,
        actions: [{ type: 'static_select', action_id: REVIEW_IDS.decisionAction, block_id: `${REVIEW_IDS.accountBlockPrefix}${index}`, selected_option: { text: { type: 'plain_text', text: 'Revoke' }, value: 'revoke' }, action_ts: '1.2' }],
      });
      expect(reply.status).toBe(200);
    };
    await choose(3);
    await bot.driver.clickButton('U0MANAGER1', { viewId: view.id }, REVIEW_IDS.nextAction);
    await eventually(() => JSON.stringify(bot.double.view(view.id)?.blocks).includes(`${REVIEW_IDS.accountBlockPrefix}40"`), { what: 'page 2' });
    await choose(45);
    const signed = await bot.driver.submitView('U0MANAGER1', view.id, { [REVIEW_IDS.attestBlock]: { [REVIEW_IDS.attestAction]: { type: 'checkboxes', selected_options: [{ value: 'attest' }] } } });
    expect(signed.problems).toEqual([]);
    await settleFully(bot);
    expect(bot.db.prepare("SELECT account_id FROM review_decisions WHERE decision = 'revoke' ORDER BY account_id").pluck().all()).toEqual(['u0003', 'u0045']);
    expect(bot.db.prepare("SELECT kind, COUNT(*) AS n FROM artifacts GROUP BY kind ORDER BY kind").all()).toEqual([{ kind: 'access-review', n: 1 }, { kind: 'access-snapshot', n: 1 }]);
    expect(bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'revocation'").pluck().get()).toBe(2);
    expect(bot.double.callsOf('views.update').filter((call) => call.ok)).toHaveLength(1);
    expect([errorsShown(bot), errorsLogged(bot)]).toEqual([0, []]);
    expect(await evidenceProblems(bot, accessReviewScenario.kinds)).toEqual([]);
  });
});
