import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../src/clock.ts';
import { readLedger } from '../../../src/evidence/ledger.ts';
import { lifecycleEventsBetween } from '../../../src/store/checklists.ts';
import { ACK_IDS } from '../../../views/acknowledgment.ts';
import { openActionId } from '../../../views/requests.ts';
import { eventually } from '../../helpers/eventually.ts';
import { ATTESTED, channelMessage, doStep, IT, lifecycleApp, openAttestation, postHr, rejectedCalls, step, stepsOf } from './harness.ts';

const NIA = { id: 'U0NIA00001', real_name: 'Nia Adeyemi', profile: { email: 'nia@example.com', real_name: 'Nia Adeyemi', display_name: 'nia' }, tz: 'America/New_York' };
const HR_OWNER = 'U0ENGINEE2';

function hire(overrides: { id?: string; type?: string; start?: string; manager?: string } = {}) {
  return {
    id: overrides.id ?? 'evt-hire-1',
    type: overrides.type ?? 'hired',
    employee: { id: 'E-2001', name: 'Nia Adeyemi', email: 'nia@example.com', manager_email: overrides.manager ?? 'ghost@example.com', department: 'Engineering', start_date: overrides.start ?? '2026-07-20' },
  };
}

describe('onboarding, end to end over signed HTTP', () => {
  it('when a hire arrives before they are in Slack and their manager is unknown, then the checklist names it, waits for them to join, assigns the acknowledgments, and files when the fallback owner attests', async () => {
    const h = await lifecycleApp();
    const reply = await postHr(h, hire());
    expect(reply).toEqual({ status: 200, json: { ok: true, outcome: 'onboarding-started', checklist_id: expect.any(String), warning: 'the manager is not in Slack; their steps go to the fallback owner' } });
    await h.bot.services.tick();
    expect(stepsOf(h).map((s) => [s.step_key, s.state, s.assignee, s.waiting_for])).toEqual([
      ['accounts', 'open', IT, null],
      ['acknowledgments', 'waiting', null, 'nia@example.com to join Slack'],
      ['manager-attestation', 'waiting', HR_OWNER, '2 step(s) not done: Create the accounts the role needs, and no more; Acknowledge the policies and complete the security training'],
    ]);
    // Due one day before the 09:00 (UTC, the default zone) start.
    expect(h.bot.db.prepare("SELECT due_at FROM requests WHERE kind = 'onboarding-step'").pluck().get()).toBe('2026-07-19T09:00:00.000Z');
    expect(channelMessage(h)).toContain(':warning: ghost@example.com is not in Slack (unknown manager): their steps go to <@U0ENGINEE2>');

    h.clock.advance(2 * DAY);
    h.double.addUser(NIA);
    const joined = await h.driver.event({ type: 'team_join', user: { id: NIA.id, is_bot: false, is_restricted: false } });
    expect(joined.status).toBe(200);
    await eventually(() => step(h, 'acknowledgments').state === 'open', { what: 'the acknowledgments assigned' });
    const ack = h.bot.db.prepare("SELECT id, assignee FROM requests WHERE kind = 'acknowledgment'").all() as { id: string; assignee: string }[];
    expect(ack).toEqual([{ id: step(h, 'acknowledgments').request_id, assignee: NIA.id }]);
    await h.bot.services.tick();

    // Nia signs the acknowledgment through its own flow; the checklist follows.
    const dm = h.double.messages(h.double.dmChannel(NIA.id)).find((message) => JSON.stringify(message.blocks ?? []).includes(openActionId(ack[0]!.id)))!;
    await h.driver.clickButton(NIA.id, { channel: dm.channel, ts: dm.ts }, openActionId(ack[0]!.id));
    const modal = await eventually(() => h.double.views().find((view) => view.callback_id === ACK_IDS.callbackId), { what: 'the acknowledgment modal' });
    const signed = await h.driver.submitView(NIA.id, modal.id, { [`${ACK_IDS.policiesBlockPrefix}0`]: { [ACK_IDS.policiesAction]: { type: 'checkboxes', selected_options: [{ value: 'infosec@2026.1' }] } } });
    expect(signed.problems).toEqual([]);
    await h.bot.services.tick();
    expect(step(h, 'acknowledgments').state).toBe('done');

    const refused = await doStep(h, IT, 'accounts', { note: '' });
    expect((refused.json as { errors: Record<string, string> }).errors).toEqual({ 'checklist.note': 'Say what was done (for example: account removed, sessions revoked).' });
    expect((await doStep(h, IT, 'accounts', { note: 'GitHub (member), Linear, Google Workspace.' })).problems).toEqual([]);
    await h.bot.services.tick();
    expect(step(h, 'manager-attestation')).toMatchObject({ state: 'open', assignee: HR_OWNER });

    const view = await openAttestation(h, HR_OWNER);
    expect((await h.driver.submitView(HR_OWNER, view.id, ATTESTED)).problems).toEqual([]);
    await h.bot.services.tick();
    const pdf = await eventually(() => [...readLedger(h.bot.db)].find((entry) => entry.kind === 'onboarding-checklist'), { what: 'the onboarding PDF' });
    expect(pdf).toMatchObject({ controls: ['CC1.4', 'CC6.2'], period: '2026-07-20', subject: 'nia-adeyemi' });
    const sidecar = JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(pdf.sidecar_key!))).toString());
    expect(sidecar.payload.person).toMatchObject({ manager_email: 'ghost@example.com', manager_slack_id: null });
    const ackRecord = [...readLedger(h.bot.db)].find((entry) => entry.kind === 'checklist-step' && entry.title.endsWith('Acknowledge the policies and complete the security training'))!;
    const ackSidecar = JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(ackRecord.key))).toString());
    const ackArtifact = [...readLedger(h.bot.db)].find((entry) => entry.kind === 'acknowledgment')!;
    expect(ackSidecar.payload.acknowledgment).toEqual({ request_id: ack[0]!.id, artifact_id: ackArtifact.id });

    const events = lifecycleEventsBetween(h.bot.db, '2026-07-01', '2026-08-01');
    expect(events).toEqual([{ checklistId: expect.any(String), type: 'onboarding', email: 'nia@example.com', name: 'Nia Adeyemi', eventAt: '2026-07-20T09:00:00.000Z', effectiveDate: '2026-07-20', state: 'completed', completedAt: expect.any(String), artifactId: pdf.id }]);
    // Nia and her manager were looked up when the hire arrived; neither was in Slack then.
    expect(rejectedCalls(h)).toEqual(['users.lookupByEmail: users_not_found', 'users.lookupByEmail: users_not_found']);
  });

  it('when the start date changes, then every unfinished step is due relative to the new date, and its reminders follow', async () => {
    const h = await lifecycleApp();
    await postHr(h, hire({ manager: 'morgan@example.com' }));
    await h.bot.services.tick();
    const request = step(h, 'accounts').request_id!;
    const moved = await postHr(h, hire({ id: 'evt-hire-2', type: 'start_date_changed', start: '2026-08-03', manager: 'morgan@example.com' }));
    expect(moved.json).toMatchObject({ ok: true, outcome: 'start-date-changed' });
    expect(h.bot.db.prepare("SELECT due_at, json_extract(payload, '$.dueAt') AS payloadDue FROM requests WHERE id = ?").get(request)).toEqual({ due_at: '2026-08-02T09:00:00.000Z', payloadDue: '2026-08-02T09:00:00.000Z' });
    expect(h.bot.db.prepare('SELECT event_at, effective_date FROM checklists').get()).toEqual({ event_at: '2026-08-03T09:00:00.000Z', effective_date: '2026-08-03' });
    // First reminder one 48 h interval before the new due time, not before the old one.
    await h.bot.services.tick();
    h.clock.set('2026-07-17T10:00:00.000Z');
    await h.bot.services.tick();
    expect(h.bot.db.prepare("SELECT COUNT(*) FROM request_events WHERE request_id = ? AND what = 'reminded'").pluck().get(request)).toBe(0);
    h.clock.set('2026-07-31T09:30:00.000Z');
    await h.bot.services.tick();
    expect(h.bot.db.prepare("SELECT COUNT(*) FROM request_events WHERE request_id = ? AND what = 'reminded'").pluck().get(request)).toBe(1);
  });

  it('when HR terminates someone whose onboarding is still open, then the onboarding is cancelled and the offboarding starts', async () => {
    const h = await lifecycleApp();
    await postHr(h, hire());
    await h.bot.services.tick();
    h.clock.advance(HOUR);
    const reply = await postHr(h, { id: 'evt-term-9', type: 'terminated', employee: { name: 'Nia Adeyemi', email: 'nia@example.com', termination_time: '2026-07-06' } });
    expect(reply.json).toMatchObject({ ok: true, outcome: 'offboarding-started' });
    expect(h.bot.db.prepare('SELECT type, state FROM checklists ORDER BY started_at').all()).toEqual([
      { type: 'onboarding', state: 'cancelled' },
      { type: 'offboarding', state: 'open' },
    ]);
    expect(h.bot.db.prepare("SELECT state FROM requests WHERE kind = 'onboarding-step'").pluck().all()).toEqual(['cancelled']);
    // A date alone is the end of that working day (18:00 in the organization's zone).
    expect(h.bot.db.prepare("SELECT event_at FROM checklists WHERE type = 'offboarding'").pluck().get()).toBe('2026-07-06T18:00:00.000Z');
  });
});
