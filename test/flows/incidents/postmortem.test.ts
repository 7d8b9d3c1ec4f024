import { afterEach, describe, expect, it } from 'vitest';
import { DAY } from '../../../src/clock.ts';
import { readLedger } from '../../../src/evidence/ledger.ts';
import type { AppHarness } from '../../helpers/app.ts';
import { FOLLOW_UP_IDS } from '../../../views/follow-up.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { POSTMORTEM_IDS, POSTMORTEM_SECTIONS } from '../../../views/postmortem.ts';
import { AnthropicDouble, toolAnswer } from '../../helpers/anthropic-double.ts';
import { goodToolInput } from '../../drafter/fixtures.ts';
import { eventually } from '../../helpers/eventually.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { incidents, openRequestModal, request, requestEvents, resolutionValues, sendPagerDuty, startIncidentApp } from './harness.ts';

const doubles: AnthropicDouble[] = [];
afterEach(async () => {
  for (const double of doubles.splice(0)) await double.close();
});

const BASE = { eventId: 'e-1', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z', number: 88, title: 'Checkout API returning 502s' };

/** Triggered, resolved, prompted a day later and signed with one follow-up for Dana. */
async function signedResolution(h: AppHarness) {
  await sendPagerDuty(h, BASE);
  await sendPagerDuty(h, { ...BASE, eventId: 'e-2', eventType: 'incident.resolved', occurredAt: '2026-07-06T14:00:00Z' });
  const incident = await eventually(() => incidents(h).find((row) => row.status === 'resolved' && row.sync_needed === 0 && row.resolution_request_id));
  h.clock.set('2026-07-07T13:00:00.000Z');
  await h.bot.services.tick();
  const modal = await openRequestModal(h, 'U0ENGINEE1', incident.resolution_request_id!, INCIDENT_IDS.resolutionCallback);
  const signed = await h.driver.submitView('U0ENGINEE1', modal.id, resolutionValues({ detectedAt: '2026-07-06T13:00:00Z', resolvedAt: '2026-07-06T14:00:00Z', followUps: [{ text: 'Check pool sizes in CI', owner: 'U0ENGINEE2' }] }));
  expect(signed.problems).toEqual([]);
  await h.bot.services.tick();
  return incidents(h)[0]!;
}

/** The modal's own values, as Slack would submit them untouched, with some sections replaced. */
function postmortemValues(view: { blocks: unknown }, replace: Partial<Record<string, string>> = {}) {
  const blocks = view.blocks as { block_id?: string; element?: { action_id: string; initial_value?: string; initial_user?: string; type: string } }[];
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of blocks) {
    if (!block.block_id || !block.element) continue;
    const field = POSTMORTEM_SECTIONS.find(([name]) => POSTMORTEM_IDS.sectionBlock(name) === block.block_id)?.[0];
    const value = field && replace[field] !== undefined ? replace[field] : block.element.initial_value;
    values[block.block_id] = { [block.element.action_id]: block.element.type === 'users_select' ? { type: 'users_select', selected_user: block.element.initial_user ?? null } : { type: block.element.type, value: value ?? '' } };
  }
  return values;
}

describe('the 30-day postmortem and follow-up actions', () => {
  it('when 30 days have passed since the resolution, then the model drafts the postmortem before the owner is asked, and what the owner signs, edits included, is filed', async () => {
    const anthropic = await AnthropicDouble.start();
    doubles.push(anthropic);
    anthropic.answerNext(toolAnswer(goodToolInput()));
    const h = await startIncidentApp({ env: { ANTHROPIC_API_KEY: anthropic.apiKey, ANTHROPIC_BASE_URL: anthropic.baseURL } });
    const incident = await signedResolution(h);
    const postmortemId = incident.postmortem_request_id!;

    h.clock.set('2026-08-05T13:59:00.000Z');
    await h.bot.services.tick();
    expect(anthropic.requests).toHaveLength(0);
    h.clock.set('2026-08-05T14:00:00.000Z');
    await h.bot.services.tick();
    expect(anthropic.requests).toHaveLength(1);
    // The record travels as data: the title appears once, inside the user turn, never in the system prompt.
    const sent = anthropic.requests[0]!;
    expect(JSON.stringify(sent.body.system)).not.toContain('Checkout API returning 502s');
    expect(sent.rawBody.split('Checkout API returning 502s').length - 1).toBe(1);
    expect(requestEvents(h, postmortemId)).toEqual(['created', 'asked']);

    const modal = await openRequestModal(h, 'U0ENGINEE1', postmortemId, POSTMORTEM_IDS.callbackId);
    expect(JSON.stringify(modal.blocks)).toContain('drafted by anthropic:claude-sonnet-5-5');
    // The model proposes U024BE7LH as an action's owner: while nobody here has that ID, the form refuses to assign it.
    const values = postmortemValues(modal, { summary: 'A deploy capped database connections at 5; checkout failed for an hour.' });
    const unknownOwner = await h.driver.submitView('U0ENGINEE1', modal.id, values);
    expect(unknownOwner.json).toEqual({ response_action: 'errors', errors: { [POSTMORTEM_IDS.actionOwnerBlock(0)]: 'The owner of item 1 (U024BE7LH) is not an active member of this workspace. Choose someone else, or clear it.' } });
    h.double.addUser({ id: 'U024BE7LH', real_name: 'Pat Platform', profile: { email: 'pat@example.com', real_name: 'Pat Platform', display_name: 'pat' }, tz: 'UTC' });
    const signed = await h.driver.submitView('U0ENGINEE1', modal.id, values);
    expect(signed.problems).toEqual([]);
    expect(request(h, postmortemId).state).toBe('answered');

    const entry = await eventually(() => [...readLedger(h.bot.db)].find((row) => row.kind === 'postmortem'), { what: 'the postmortem artifact' });
    expect(entry).toMatchObject({ controls: ['CC7.4', 'CC7.5'], period: '2026-07-06', subject: 'pd-88' });
    const sidecar = JSON.parse(String(await eventually(() => h.bot.services.deps.evidence.sink.get(entry.sidecar_key!))));
    expect(sidecar.payload).toMatchObject({ incident_number: 'PD-88', drafted_by: 'anthropic:claude-sonnet-5-5', draft_fallback_reason: null, sections_edited: ['Summary'], summary: 'A deploy capped database connections at 5; checkout failed for an hour.', root_cause: 'A connection-pool setting in the 09:20 deploy capped database connections at 5.' });
    const text = pdfPages((await eventually(() => h.bot.services.deps.evidence.sink.get(entry.key))) as Buffer).flat();
    expect(text).toEqual(expect.arrayContaining(['Postmortem: PD-88', 'What went well', 'Summary']));
  });

  it('when no ANTHROPIC_API_KEY is set, then the draft is the template filled from the record, says so, and cannot be signed until the owner has written the sections only they can', async () => {
    const h = await startIncidentApp();
    const incident = await signedResolution(h);
    h.clock.set('2026-08-05T14:00:00.000Z');
    await h.bot.services.tick();
    const modal = await openRequestModal(h, 'U0ENGINEE1', incident.postmortem_request_id!, POSTMORTEM_IDS.callbackId);
    expect(JSON.stringify(modal.blocks)).toContain('drafted by template (no ANTHROPIC_API_KEY is configured)');
    expect(JSON.stringify(modal.blocks)).toContain('Rolled back the 12:40 deploy of the API');

    const asDrafted = await h.driver.submitView('U0ENGINEE1', modal.id, postmortemValues(modal));
    expect(asDrafted.json).toEqual({
      response_action: 'errors',
      errors: {
        [POSTMORTEM_IDS.sectionBlock('whatWentWell')]: 'What went well still has the draft\'s prompt ("To be completed by the postmortem owner."). Write what you found, then sign.',
        [POSTMORTEM_IDS.sectionBlock('whatWentWrong')]: 'What went wrong still has the draft\'s prompt ("To be completed by the postmortem owner."). Write what you found, then sign.',
      },
    });
    expect(request(h, incident.postmortem_request_id!).state).not.toBe('answered');
    const written = await h.driver.submitView('U0ENGINEE1', modal.id, postmortemValues(modal, { whatWentWell: 'The rollback took four minutes.', whatWentWrong: 'The pool size change was not reviewed.' }));
    expect(written.problems).toEqual([]);
    expect(request(h, incident.postmortem_request_id!).state).toBe('answered');
  });

  it('when a follow-up owner marks their action done, then a signed record is filed under the incident and the request is closed', async () => {
    const h = await startIncidentApp();
    await signedResolution(h);
    const followUp = h.bot.db.prepare("SELECT id FROM requests WHERE kind = 'incident-follow-up'").pluck().get() as string;
    expect(requestEvents(h, followUp)).toEqual(['created', 'asked']);
    const modal = await openRequestModal(h, 'U0ENGINEE2', followUp, FOLLOW_UP_IDS.callbackId);
    const badLink = await h.driver.submitView('U0ENGINEE2', modal.id, { [FOLLOW_UP_IDS.noteBlock]: { [FOLLOW_UP_IDS.noteAction]: { type: 'plain_text_input', value: 'Added a check' } }, [FOLLOW_UP_IDS.linkBlock]: { [FOLLOW_UP_IDS.linkAction]: { type: 'url_text_input', value: 'javascript:alert(1)' } } });
    expect(badLink.json).toEqual({ response_action: 'errors', errors: { [FOLLOW_UP_IDS.linkBlock]: 'Give a web link (https://…), or leave it empty.' } });
    const done = await h.driver.submitView('U0ENGINEE2', modal.id, { [FOLLOW_UP_IDS.noteBlock]: { [FOLLOW_UP_IDS.noteAction]: { type: 'plain_text_input', value: 'Added a pool-size check to CI' } }, [FOLLOW_UP_IDS.linkBlock]: { [FOLLOW_UP_IDS.linkAction]: { type: 'url_text_input', value: 'https://github.example.com/acme/api/pull/912' } } });
    expect(done.problems).toEqual([]);
    const entry = await eventually(() => [...readLedger(h.bot.db)].find((row) => row.kind === 'incident-follow-up'), { what: 'the follow-up record' });
    expect(entry).toMatchObject({ controls: ['CC7.4', 'CC7.5'], subject: 'pd-88', sidecar_key: null });
    expect(entry.key.endsWith('.json')).toBe(true);
    const record = JSON.parse(String(await eventually(() => h.bot.services.deps.evidence.sink.get(entry.key))));
    expect(record.payload).toMatchObject({ description: 'Check pool sizes in CI', note: 'Added a pool-size check to CI', link: 'https://github.example.com/acme/api/pull/912', on_time: true, signer_slack_id: 'U0ENGINEE2' });
    // Once done it is not chased again.
    h.clock.advance(30 * DAY);
    await h.bot.services.tick();
    expect(requestEvents(h, followUp)).toEqual(['created', 'asked', 'answered']);
  });
});
