import { describe, expect, it } from 'vitest';
import { DAY } from '../../../src/clock.ts';
import { FOLLOW_UP_IDS } from '../../../views/follow-up.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { POSTMORTEM_IDS, POSTMORTEM_SECTIONS } from '../../../views/postmortem.ts';
import type { AppHarness } from '../../helpers/app.ts';
import { eventually } from '../../helpers/eventually.ts';
import { footprint, incidents, openRequestModal, request, resolutionValues, sendPagerDuty, startIncidentApp, submitAltered } from './harness.ts';

const DAMAGED = 'This form is damaged. Close it and press the button in your DM again.';
const DAMAGED_REPORT = 'This form is damaged. Close it and log the incident again with /evidence incident or “Log as incident” on the message.';
const TIMES = { detectedAt: '2026-07-06T13:00:00Z', resolvedAt: '2026-07-06T13:30:00Z' };
const unix = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Triggered at 13:00, resolved at 13:30; a day later (2026-07-07 13:00 UTC) the on-call is asked, and opens the form. */
async function resolutionForm(h: AppHarness) {
  const base = { eventId: 'e-1', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z', number: 77 };
  await sendPagerDuty(h, base);
  await sendPagerDuty(h, { ...base, eventId: 'e-2', eventType: 'incident.resolved', occurredAt: '2026-07-06T13:30:00Z' });
  const incident = await eventually(() => incidents(h).find((row) => row.oncall && row.sync_needed === 0 && row.status === 'resolved'));
  h.clock.advance(DAY);
  await h.bot.services.tick();
  const modal = await openRequestModal(h, 'U0ENGINEE1', incident.resolution_request_id!, INCIDENT_IDS.resolutionCallback);
  return { requestId: incident.resolution_request_id!, modal };
}

/** The resolution form as a person fills it in, with one element's state replaced by `state`. */
function withState(block: string, action: string, state: unknown, base = resolutionValues(TIMES)) {
  return { ...base, [block]: { [action]: state } };
}

/** The postmortem modal's own values, as Slack would submit them, with the sections only the owner can write filled in. */
function postmortemValues(view: { blocks: unknown }) {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of view.blocks as { block_id?: string; element?: { action_id: string; initial_value?: string; initial_user?: string; type: string } }[]) {
    if (!block.block_id || !block.element) continue;
    values[block.block_id] = { [block.element.action_id]: block.element.type === 'users_select' ? { type: 'users_select', selected_user: block.element.initial_user ?? null } : { type: block.element.type, value: block.element.initial_value ?? '' } };
  }
  for (const field of ['whatWentWell', 'whatWentWrong'] as const) values[POSTMORTEM_IDS.sectionBlock(field)] = { [POSTMORTEM_IDS.sectionAction]: { type: 'plain_text_input', value: `Written by the owner: ${field}.` } };
  return values;
}

describe('incident forms given values Slack would never send', () => {
  it('when the resolution form has a number for text, a time before 2000 or in the future, a private_metadata that is not ours, or an owner who is not in the workspace, then each gets its own form error on a block of the form and nothing is stored', async () => {
    const h = await startIncidentApp();
    const { requestId, modal } = await resolutionForm(h);
    const before = footprint(h);
    const future = (label: string) => `${label} cannot be in the future (it is now 2026-07-07 13:00:00 UTC).`;
    const cases: { name: string; values: unknown; metadata?: string; errors: Record<string, string> }[] = [
      { name: 'a number for the narrative', values: withState(INCIDENT_IDS.narrativeBlock, INCIDENT_IDS.narrativeAction, { type: 'plain_text_input', value: 12345678901 }), errors: { [INCIDENT_IDS.narrativeBlock]: DAMAGED } },
      { name: 'a block that is not an object', values: { ...resolutionValues(TIMES), [INCIDENT_IDS.rootBlock]: 'zzz' }, errors: { [INCIDENT_IDS.rootBlock]: DAMAGED } },
      { name: 'values that are a list', values: [1, 2], errors: { [INCIDENT_IDS.narrativeBlock]: DAMAGED } },
      { name: 'a narrative longer than the form allows', values: withState(INCIDENT_IDS.narrativeBlock, INCIDENT_IDS.narrativeAction, { type: 'plain_text_input', value: 'x'.repeat(3001) }), errors: { [INCIDENT_IDS.narrativeBlock]: 'Keep this under 3,000 characters.' } },
      {
        name: 'times of 1e19 and 1e20 seconds',
        values: withState(INCIDENT_IDS.resolvedBlock, INCIDENT_IDS.resolvedAction, { type: 'datetimepicker', selected_date_time: 1e20 }, withState(INCIDENT_IDS.detectedBlock, INCIDENT_IDS.detectedAction, { type: 'datetimepicker', selected_date_time: 1e19 })),
        errors: { [INCIDENT_IDS.detectedBlock]: future('Detected at'), [INCIDENT_IDS.resolvedBlock]: future('Resolved at') },
      },
      { name: 'resolved in 9999', values: withState(INCIDENT_IDS.resolvedBlock, INCIDENT_IDS.resolvedAction, { type: 'datetimepicker', selected_date_time: unix('9999-12-31T23:59:59Z') }), errors: { [INCIDENT_IDS.resolvedBlock]: future('Resolved at') } },
      { name: 'resolved an hour from now', values: withState(INCIDENT_IDS.resolvedBlock, INCIDENT_IDS.resolvedAction, { type: 'datetimepicker', selected_date_time: unix('2026-07-07T14:00:00Z') }), errors: { [INCIDENT_IDS.resolvedBlock]: future('Resolved at') } },
      { name: 'detected in 1999', values: withState(INCIDENT_IDS.detectedBlock, INCIDENT_IDS.detectedAction, { type: 'datetimepicker', selected_date_time: unix('1999-12-31T23:59:00Z') }), errors: { [INCIDENT_IDS.detectedBlock]: 'Detected at cannot be before 2000.' } },
      { name: 'a requestId that is an object', values: resolutionValues(TIMES), metadata: JSON.stringify({ requestId: { a: 1 } }), errors: { [INCIDENT_IDS.narrativeBlock]: DAMAGED } },
      { name: 'private_metadata "5"', values: resolutionValues(TIMES), metadata: '5', errors: { [INCIDENT_IDS.narrativeBlock]: DAMAGED } },
      {
        name: 'an owner who is not in the workspace',
        values: resolutionValues({ ...TIMES, followUps: [{ text: 'Check pool sizes in CI', owner: 'U0ENGINEE2' }, { text: 'Alert on pool saturation', owner: 'UNOSUCHUSER' }] }),
        errors: { [INCIDENT_IDS.followUpOwnerBlock(1)]: 'The owner of action 2 (UNOSUCHUSER) is not an active member of this workspace. Choose someone else, or clear it.' },
      },
    ];
    for (const { name, values, metadata, errors } of cases) {
      const reply = await submitAltered(h, 'U0ENGINEE1', modal.id, values, metadata);
      expect(reply.json, name).toEqual({ response_action: 'errors', errors });
      expect(reply.problems, name).toEqual([]);
      expect(reply.ms, name).toBeLessThan(3000);
      expect(footprint(h), name).toEqual(before);
    }
    expect(request(h, requestId).state).toBe('open');
    expect(h.bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'postmortem'").pluck().get()).toBe(0);

    // Still healthy: the same form, filled in properly, is signed, and the postmortem is due 30 days after the stated resolution.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    const signed = await h.driver.submitView('U0ENGINEE1', modal.id, resolutionValues({ ...TIMES, followUps: [{ text: 'Alert on pool saturation', owner: 'U0ENGINEE2' }] }));
    expect(signed.problems).toEqual([]);
    expect(request(h, requestId).state).toBe('answered');
    expect(h.bot.db.prepare("SELECT next_action_at FROM requests WHERE kind = 'postmortem'").pluck().get()).toBe('2026-08-05T13:30:00.000Z');
    expect(h.bot.db.prepare("SELECT assignee FROM requests WHERE kind = 'incident-follow-up'").pluck().all()).toEqual(['U0ENGINEE2']);
  });

  it('when the incident report form has a number for the service or a private_metadata channel of 100 KB, then it gets a form error saying how to start again and no incident is logged', async () => {
    const h = await startIncidentApp();
    await h.driver.command('U0ENGINEE1', '/evidence', 'incident checkout is down');
    const form = await eventually(() => h.double.views().find((view) => view.callback_id === INCIDENT_IDS.reportCallback), { what: 'the incident form' });
    const filled = {
      [INCIDENT_IDS.reportTitleBlock]: { [INCIDENT_IDS.reportTitleAction]: { type: 'plain_text_input', value: 'db down' } },
      [INCIDENT_IDS.reportSeverityBlock]: { [INCIDENT_IDS.reportSeverityAction]: { type: 'static_select', selected_option: { value: 'SEV1' } } },
    };
    const before = footprint(h);
    const cases: { name: string; values: unknown; metadata?: string; errors: Record<string, string> }[] = [
      { name: 'a number for the service', values: { ...filled, [INCIDENT_IDS.reportServiceBlock]: { [INCIDENT_IDS.reportServiceAction]: { type: 'plain_text_input', value: 42 } } }, errors: { [INCIDENT_IDS.reportServiceBlock]: DAMAGED_REPORT } },
      { name: 'a channel of 100 KB', values: filled, metadata: JSON.stringify({ channel: 'C'.repeat(100_000), messageTs: '1.2' }), errors: { [INCIDENT_IDS.reportTitleBlock]: DAMAGED_REPORT } },
      { name: 'a message ts that is not one', values: filled, metadata: JSON.stringify({ channel: 'C0GENERAL1', messageTs: 'x'.repeat(500) }), errors: { [INCIDENT_IDS.reportTitleBlock]: DAMAGED_REPORT } },
      { name: 'private_metadata "{}"', values: filled, metadata: '{}', errors: { [INCIDENT_IDS.reportTitleBlock]: DAMAGED_REPORT } },
    ];
    for (const { name, values, metadata, errors } of cases) {
      const reply = await submitAltered(h, 'U0ENGINEE1', form.id, values, metadata);
      expect(reply.json, name).toEqual({ response_action: 'errors', errors });
      expect(reply.problems, name).toEqual([]);
      expect(footprint(h), name).toEqual(before);
    }
    const logged = await h.driver.submitView('U0ENGINEE1', form.id, { ...filled, [INCIDENT_IDS.reportServiceBlock]: { [INCIDENT_IDS.reportServiceAction]: { type: 'plain_text_input', value: ' checkout ' } } });
    expect(logged.problems).toEqual([]);
    expect(h.bot.db.prepare('SELECT title, service FROM incidents').all()).toEqual([{ title: 'db down', service: 'checkout' }]);
  });

  it('when the postmortem or follow-up form has a private_metadata requestId that is an object, a number for text, or an owner who is not in the workspace, then each gets a form error on a block of the form and nothing is stored', async () => {
    const h = await startIncidentApp();
    const { modal } = await resolutionForm(h);
    const signed = await h.driver.submitView('U0ENGINEE1', modal.id, resolutionValues({ ...TIMES, followUps: [{ text: 'Check pool sizes in CI', owner: 'U0ENGINEE2' }] }));
    expect(signed.problems).toEqual([]);
    await h.bot.services.tick();
    const incident = incidents(h)[0]!;
    const followUpId = h.bot.db.prepare("SELECT id FROM requests WHERE kind = 'incident-follow-up'").pluck().get() as string;
    const followUpForm = await openRequestModal(h, 'U0ENGINEE2', followUpId, FOLLOW_UP_IDS.callbackId);
    h.clock.set('2026-08-05T14:00:00.000Z');
    await h.bot.services.tick();
    const postmortemForm = await openRequestModal(h, 'U0ENGINEE1', incident.postmortem_request_id!, POSTMORTEM_IDS.callbackId);

    const badRequestId = JSON.stringify({ requestId: { a: 1 } });
    const pm = postmortemValues(postmortemForm);
    const summary = POSTMORTEM_IDS.sectionBlock(POSTMORTEM_SECTIONS[0]![0]);
    const note = { type: 'plain_text_input', value: 'Added a pool-size check to CI' };
    const before = footprint(h);
    const cases: { name: string; userId: string; viewId: string; values: unknown; metadata?: string; errors: Record<string, string> }[] = [
      { name: 'postmortem: requestId an object', userId: 'U0ENGINEE1', viewId: postmortemForm.id, values: pm, metadata: badRequestId, errors: { [summary]: DAMAGED } },
      { name: 'postmortem: a number for the root cause', userId: 'U0ENGINEE1', viewId: postmortemForm.id, values: { ...pm, [POSTMORTEM_IDS.sectionBlock('rootCause')]: { [POSTMORTEM_IDS.sectionAction]: { type: 'plain_text_input', value: 7 } } }, errors: { [POSTMORTEM_IDS.sectionBlock('rootCause')]: DAMAGED } },
      {
        name: 'postmortem: an owner who is not in the workspace',
        userId: 'U0ENGINEE1',
        viewId: postmortemForm.id,
        values: { ...pm, [POSTMORTEM_IDS.actionTextBlock(0)]: { [POSTMORTEM_IDS.actionTextAction]: { type: 'plain_text_input', value: 'Review pool settings' } }, [POSTMORTEM_IDS.actionOwnerBlock(0)]: { [POSTMORTEM_IDS.actionOwnerAction]: { type: 'users_select', selected_user: 'UNOSUCHUSER' } } },
        errors: { [POSTMORTEM_IDS.actionOwnerBlock(0)]: 'The owner of item 1 (UNOSUCHUSER) is not an active member of this workspace. Choose someone else, or clear it.' },
      },
      { name: 'follow-up: requestId an object', userId: 'U0ENGINEE2', viewId: followUpForm.id, values: { [FOLLOW_UP_IDS.noteBlock]: { [FOLLOW_UP_IDS.noteAction]: note } }, metadata: badRequestId, errors: { [FOLLOW_UP_IDS.noteBlock]: DAMAGED } },
      { name: 'follow-up: a number for the link', userId: 'U0ENGINEE2', viewId: followUpForm.id, values: { [FOLLOW_UP_IDS.noteBlock]: { [FOLLOW_UP_IDS.noteAction]: note }, [FOLLOW_UP_IDS.linkBlock]: { [FOLLOW_UP_IDS.linkAction]: { type: 'url_text_input', value: 443 } } }, errors: { [FOLLOW_UP_IDS.linkBlock]: DAMAGED } },
    ];
    for (const { name, userId, viewId, values, metadata, errors } of cases) {
      const reply = await submitAltered(h, userId, viewId, values, metadata);
      expect(reply.json, name).toEqual({ response_action: 'errors', errors });
      expect(reply.problems, name).toEqual([]);
      expect(footprint(h), name).toEqual(before);
    }

    const done = await h.driver.submitView('U0ENGINEE2', followUpForm.id, { [FOLLOW_UP_IDS.noteBlock]: { [FOLLOW_UP_IDS.noteAction]: note } });
    expect(done.problems).toEqual([]);
    expect(request(h, followUpId).state).toBe('answered');
    const postmortem = await h.driver.submitView('U0ENGINEE1', postmortemForm.id, pm);
    expect(postmortem.problems).toEqual([]);
    expect(request(h, incident.postmortem_request_id!).state).toBe('answered');
  });
});
