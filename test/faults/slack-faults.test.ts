import { afterAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/clock.ts';
import type { Failure } from '../../src/slack-double/index.ts';
import { REVIEW_IDS } from '../../views/access-review.ts';
import { ACK_IDS } from '../../views/acknowledgment.ts';
import { openActionId } from '../../views/requests.ts';
import { pagerDutyBody } from '../fixtures/pagerduty.ts';
import { PD_SECRET } from '../flows/incidents/harness.ts';
import { eventually } from '../helpers/eventually.ts';
import { pagerDutyHeaders } from '../helpers/webhooks.ts';
import { accessReviewScenario, turnPage } from './flows/access-review.ts';
import { acknowledgmentsScenario } from './flows/acknowledgments.ts';
import { incidentsScenario } from './flows/incidents.ts';
import { SCENARIOS } from './flows/index.ts';
import type { FlowScenario } from './flows/scenario.ts';
import { openFromDm, waitingRequests } from './flows/signing.ts';
import { startInProcess, type BotUnderTest } from './support/bot-under-test.ts';
import { evidenceProblems } from './support/census.ts';
import { errorsLogged, errorsShown, fingerprint } from './support/fingerprint.ts';
import { reportFigures } from './support/report.ts';
import { backlog, runScenario, settleFully } from './support/run.ts';

const SIZE = 4;
/** Short, so a call whose answer is lost fails fast and is retried. */
const SLACK_TIMEOUT_MS = 300;
/** Failures Slack surely did not act on: the client sends the call again. */
const REFUSALS: [string, Failure][] = [
  ['429 with Retry-After: 1', { status: 429, retryAfter: 1 }],
  ['500', { status: 500 }],
  ['503', { status: 503 }],
];
const FAILURES: [string, Failure][] = [...REFUSALS, ['no answer (timeout)', { hang: true }]];
/** The calls a signature's journey makes: DMs and reminders, receipts and post updates, modal opens, page turns. */
const FLAKY_METHODS = ['chat.postMessage', 'chat.update', 'views.open', 'views.update'];

const figures: Record<string, string | number>[] = [];
afterAll(() => reportFigures('slack-faults', figures));

async function start(scenario: FlowScenario, size = SIZE) {
  return startInProcess(scenario.setup(size), { webClient: { timeout: SLACK_TIMEOUT_MS } });
}

/** The request DMs (not reminders) Slack accepted for a request. */
function requestDms(bot: BotUnderTest, requestId: string) {
  return bot.double.callsOf('chat.postMessage').filter((call) => call.ok && !String(call.args.text).startsWith('Reminder:') && JSON.stringify(call.args.blocks ?? '').includes(openActionId(requestId)));
}

function events(bot: BotUnderTest, requestId: string): string[] {
  return bot.db.prepare('SELECT what FROM request_events WHERE request_id = ? ORDER BY id').pluck().all(requestId) as string[];
}

describe.each(SCENARIOS)('a flaky Slack: $name', (scenario) => {
  it('when every other DM, reminder, receipt, modal open and view update fails (429, 500 or no answer in turn), then people retry where Slack made them, and every message, modal and artifact happens once', async () => {
    const clean = await (async () => {
      const { h, bot } = await start(scenario);
      await runScenario(bot, scenario, SIZE);
      await settleFully(bot);
      const print = await fingerprint(bot, scenario);
      await h.stop();
      return print;
    })();

    const { h, bot } = await start(scenario);
    // Every other call of each method fails: a 429, then a 500, then no answer, and round again.
    const rotation: Failure[] = [{ status: 429, retryAfter: 1 }, { status: 500 }, { hang: true }];
    for (const method of FLAKY_METHODS) {
      let failures = 0;
      bot.double.failWhen(method, (call) => (call % 2 === 1 ? rotation[failures++ % rotation.length]! : null));
    }
    const run = await runScenario(bot, scenario, SIZE);
    await settleFully(bot);
    expect(await evidenceProblems(bot, scenario.kinds, run.signed)).toEqual([]);
    const flaky = await fingerprint(bot, scenario);
    const failed = bot.double.calls.filter((call) => !call.ok);
    // People were told to try again where Slack refused a modal; that is the only difference allowed.
    const told = bot.double.responses().filter((response) => String((response.body as { text?: string }).text).startsWith('Slack did not answer in time')).length;
    expect({ ...flaky, errorsShown: 0 }).toEqual({ ...clean, errorsShown: 0 });
    expect(flaky.errorsShown).toBe(0);
    expect(errorsLogged(bot)).toEqual([]);
    figures.push({
      flow: scenario.name,
      'Slack calls failed': failed.length,
      '429s': failed.filter((call) => call.error === 'ratelimited').length,
      '5xx': failed.filter((call) => call.error?.startsWith('http_5')).length,
      timeouts: failed.filter((call) => call.error === 'timeout').length,
      'told to press again': told,
      'DMs sent': flaky.slackMessages['direct messages'] ?? 0,
      'DMs in a clean run': clean.slackMessages['direct messages'] ?? 0,
      'modals opened': flaky.viewsOpened,
      'signed responses': flaky.census.responses,
      artifacts: flaky.census.artifacts,
      'evidence verify': 'ok',
    });
    await h.stop();
  });
});

describe.each(REFUSALS)('Slack answers %s', (_name, failure) => {
  it('when it fails a request’s first DM once, then the client retries and the DM is sent once', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    // Before the campaign: the command starts a tick of its own.
    bot.double.failNext('chat.postMessage', failure);
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    expect(bot.double.calls.filter((call) => !call.ok).map((call) => call.method)).toEqual(['chat.postMessage']);
    const requests = bot.db.prepare("SELECT id FROM requests WHERE kind = 'acknowledgment'").pluck().all() as string[];
    expect(requests).toHaveLength(SIZE);
    for (const id of requests) {
      expect(requestDms(bot, id)).toHaveLength(1);
      expect(events(bot, id)).toEqual(['created', 'asked']);
    }
  });

  it('when it fails a reminder once, then the client retries and the reminder is sent once', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    bot.double.failNext('chat.postMessage', failure);
    await bot.advance(48 * HOUR);
    await bot.tick();
    const reminders = bot.double.callsOf('chat.postMessage').filter((call) => call.ok && String(call.args.text).startsWith('Reminder:'));
    expect(reminders.map((call) => call.args.channel).sort()).toEqual(['U0ADMIN001', 'U0ENGINEE1', 'U0ENGINEE2', 'U0MANAGER1']);
    for (const id of bot.db.prepare('SELECT id FROM requests').pluck().all() as string[]) expect(events(bot, id)).toEqual(['created', 'asked', 'reminded']);
  });

  it('when it keeps failing one person’s DM past the client’s retries, then the engine records the failure with the reason, tries again after its backoff, and the DM goes out once', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    let attempts = 0;
    bot.double.failWhen('chat.postMessage', (_call, args) => (args.channel === 'U0ENGINEE1' && (attempts += 1) <= 4 ? failure : null));
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    expect(attempts).toBe(4);
    const eli = bot.db.prepare("SELECT * FROM requests WHERE assignee = 'U0ENGINEE1'").get() as { id: string; next_action_at: string; asked_at: string | null };
    expect(eli.asked_at).toBeNull();
    expect(events(bot, eli.id)).toEqual(['created', 'failed']);
    const detail = bot.db.prepare("SELECT detail FROM request_events WHERE request_id = ? AND what = 'failed'").pluck().get(eli.id) as string;
    expect(detail).toMatch(/^Slack refused the message \(slack_webapi_(http|request)_error\); retrying at 2026-07-06 13:01:00 UTC$/);
    expect(eli.next_action_at).toBe('2026-07-06T13:01:00.000Z');
    await bot.advance(MINUTE);
    await bot.tick();
    expect(events(bot, eli.id)).toEqual(['created', 'failed', 'asked']);
    expect(requestDms(bot, eli.id)).toHaveLength(1);
  });

});

describe.each(FAILURES)('Slack answers %s', (_name, failure) => {
  it('when it fails a modal open, then the person either gets the modal at once (the client retried) or is told to press again, and pressing again opens it; nothing is recorded until they sign', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    const request = waitingRequests(bot.db, ['acknowledgment']).find((row) => row.assignee === 'U0ENGINEE1')!;
    bot.double.failNext('views.open', failure);
    const view = await openFromDm(bot, request, ACK_IDS.callbackId);
    const presses = bot.double.callsOf('views.open').length;
    // The modal client rejects a rate limit at once (the trigger lasts 3 s); 5xx and timeouts it retries once.
    expect(presses).toBe(2);
    expect(bot.double.responses().map((response) => (response.body as { text?: string }).text)).toEqual(
      'status' in failure && failure.status === 429 ? ['Policy acknowledgments 2026: 4 people asked, 0 already asked, 0 older requests replaced. DMs go out within a minute.', 'Slack did not answer in time, so this did not go through. Try again in a few seconds; nothing was lost.'] : ['Policy acknowledgments 2026: 4 people asked, 0 already asked, 0 older requests replaced. DMs go out within a minute.'],
    );
    expect(bot.db.prepare('SELECT state FROM requests WHERE id = ?').pluck().get(request.id)).toBe('open');
    expect(view.callback_id).toBe(ACK_IDS.callbackId);
    expect([errorsShown(bot), errorsLogged(bot)]).toEqual([0, []]);
  });

  it('when it fails a modal opened from the Home tab, where Slack gives no response URL, then nothing breaks and pressing again opens it', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    const request = waitingRequests(bot.db, ['acknowledgment']).find((row) => row.assignee === 'U0ENGINEE1')!;
    expect((await bot.driver.event({ type: 'app_home_opened', user: 'U0ENGINEE1', tab: 'home' })).status).toBe(200);
    await eventually(() => bot.double.home('U0ENGINEE1'), { what: 'the Home tab' });
    bot.double.failNext('views.open', failure);
    for (let press = 1; ; press += 1) {
      await bot.driver.clickButton('U0ENGINEE1', { homeOf: 'U0ENGINEE1' }, openActionId(request.id));
      const opened = await eventually(() => bot.double.views().some((view) => view.callback_id === ACK_IDS.callbackId), { timeoutMs: 2_000 }).catch(() => false);
      if (opened) break;
      expect(press).toBe(1);
    }
    expect([errorsShown(bot), errorsLogged(bot)]).toEqual([0, []]);
  });

  it('when it fails a review page turn, then the reviewer sees the next page at once or after pressing Next again, and the choices made are kept', async () => {
    const { bot } = await start(accessReviewScenario, 60);
    for (const delivery of await accessReviewScenario.trigger(bot, 60)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    const [review] = waitingRequests(bot.db, ['access-review']);
    const view = await openFromDm(bot, review!, REVIEW_IDS.callbackId);
    await bot.driver.blockActions('U0MANAGER1', {
      container: { type: 'view', view_id: view.id },
      view,
      actions: [{ type: 'static_select', action_id: REVIEW_IDS.decisionAction, block_id: `${REVIEW_IDS.accountBlockPrefix}7`, selected_option: { text: { type: 'plain_text', text: 'Revoke' }, value: 'revoke' }, action_ts: '1.2' }],
    });
    bot.double.failNext('views.update', failure);
    // A modal's buttons have no response URL: when Slack refuses the update, the page just does
    // not turn, and the reviewer presses Next again.
    const presses = await turnPage(bot, view.id, 40);
    expect(presses).toBe('status' in failure && failure.status === 429 ? 2 : 1);
    expect(JSON.stringify(bot.double.view(view.id)?.blocks)).toContain('Page 2 of 2');
    expect(bot.db.prepare("SELECT account_id FROM review_decisions WHERE decision = 'revoke'").pluck().all()).toEqual(['u0007']);
    expect([errorsShown(bot), errorsLogged(bot)]).toEqual([0, []]);
  });
});

/** The requests whose history holds a failed step, with that step's detail. */
function failedSteps(bot: BotUnderTest): { request_id: string; detail: string }[] {
  return bot.db.prepare("SELECT request_id, detail FROM request_events WHERE what = 'failed' ORDER BY id").all() as { request_id: string; detail: string }[];
}

const UNCONFIRMED = /^Slack did not confirm the message \(slack_webapi_request_error\); it may have arrived; trying again at 2026-07-06 13:01:00 UTC$/;

describe('Slack does not answer a new message in time', () => {
  it('when a request’s first DM gets no answer, then the client does not send it again (Slack may have posted it); the engine writes why in the history and sends it a minute later, once', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    bot.double.failNext('chat.postMessage', { hang: true });
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    expect(bot.double.callsOf('chat.postMessage').map((call) => call.error ?? 'ok')).toEqual(['timeout', 'ok', 'ok', 'ok']);
    const [failed, ...more] = failedSteps(bot);
    expect(more).toEqual([]);
    expect(failed!.detail).toMatch(UNCONFIRMED);
    expect(events(bot, failed!.request_id)).toEqual(['created', 'failed']);
    await bot.advance(MINUTE);
    await bot.tick();
    expect(events(bot, failed!.request_id)).toEqual(['created', 'failed', 'asked']);
    expect(requestDms(bot, failed!.request_id)).toHaveLength(1);
  });

  it('when a reminder gets no answer, then it is sent a minute later by the engine, once, and the others go out on time', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    bot.double.failNext('chat.postMessage', { hang: true });
    await bot.advance(48 * HOUR);
    await bot.tick();
    const [failed] = failedSteps(bot);
    expect(failed!.detail).toMatch(/^Slack did not confirm the message \(slack_webapi_request_error\); it may have arrived; trying again at 2026-07-08 13:01:00 UTC$/);
    await bot.advance(MINUTE);
    await bot.tick();
    const reminders = bot.double.callsOf('chat.postMessage').filter((call) => call.ok && String(call.args.text).startsWith('Reminder:'));
    expect(reminders.map((call) => call.args.channel).sort()).toEqual(['U0ADMIN001', 'U0ENGINEE1', 'U0ENGINEE2', 'U0MANAGER1']);
    for (const id of bot.db.prepare('SELECT id FROM requests').pluck().all() as string[]) {
      expect(events(bot, id)).toEqual(id === failed!.request_id ? ['created', 'asked', 'failed', 'reminded'] : ['created', 'asked', 'reminded']);
    }
  });

  it('when Slack posts a first DM but answers after the timeout, then the DM goes out twice (the engine cannot know it arrived), not once per client retry', async () => {
    const { bot } = await start(acknowledgmentsScenario);
    bot.double.failNext('chat.postMessage', { lateMs: 3 * SLACK_TIMEOUT_MS });
    for (const delivery of await acknowledgmentsScenario.trigger(bot, SIZE)) expect(await delivery.send()).toBe(true);
    await bot.tick();
    const [failed] = failedSteps(bot);
    expect(failed!.detail).toMatch(UNCONFIRMED);
    expect(requestDms(bot, failed!.request_id)).toHaveLength(1);
    await bot.advance(MINUTE);
    await bot.tick();
    expect(events(bot, failed!.request_id)).toEqual(['created', 'failed', 'asked']);
    expect(requestDms(bot, failed!.request_id)).toHaveLength(2);
  });
});

describe('filing does not wait for Slack', () => {
  it('when Slack stops answering messages while an on-call signs the resolution, then the artifact is filed and uploaded while the Slack work still waits', async () => {
    const { bot } = await startInProcess(incidentsScenario.setup(2), { webClient: { timeout: 2_000 } });
    for (const delivery of await incidentsScenario.trigger(bot, 2)) expect(await delivery.send()).toBe(true);
    await bot.settle();
    await bot.advance(24 * HOUR);
    await bot.tick();
    const [resolution] = waitingRequests(bot.db, ['incident-resolution']);
    const submit = await incidentsScenario.sign(bot, resolution!);

    // Messages now get no answer: each post waits out four 2-second timeouts.
    bot.double.failWhen('chat.postMessage', () => ({ hang: true }));
    bot.double.failWhen('chat.update', () => ({ hang: true }));
    const another = pagerDutyBody({ eventId: 'other-1', eventType: 'incident.triggered', occurredAt: '2026-07-07T13:00:00Z', incidentId: 'PINC99', number: 4099 });
    expect((await bot.webhook('pagerduty', another, pagerDutyHeaders(another, PD_SECRET))).status).toBe(200);
    await eventually(() => bot.double.calls.some((call) => call.error === 'timeout' && call.args.channel === 'C0INCIDENT'), { what: 'the new incident’s post hanging' });

    expect(await submit.send()).toBe(true);
    const filed = await eventually(() => bot.db.prepare('SELECT a.seq FROM artifacts a JOIN requests r ON r.artifact_id = a.id WHERE r.id = ?').pluck().get(resolution!.id) as number | undefined, { what: 'the resolution filed', timeoutMs: 6_000 });
    await eventually(() => (bot.db.prepare('SELECT COUNT(*) FROM outbox WHERE artifact_seq = ? AND uploaded_at IS NULL').pluck().get(filed) === 0 ? 'uploaded' : undefined), { what: 'the upload', timeoutMs: 6_000 });
    // The Slack work is still waiting on its post: the evidence did not wait for it.
    expect(bot.db.prepare("SELECT sync_needed FROM incidents WHERE external_id = 'PINC99'").pluck().get()).toBe(1);

    bot.double.clearFailures();
    await settleFully(bot);
    expect(backlog(bot)).toEqual({ jobs: 0, outbox: 0, incidents: 0 });
    expect(await evidenceProblems(bot, incidentsScenario.kinds, new Set([resolution!.id]))).toEqual([]);
  });
});
