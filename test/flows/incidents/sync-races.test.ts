import { describe, expect, it } from 'vitest';
import { syncPendingIncidents } from '../../../src/flows/incidents/sync.ts';
import { eventually } from '../../helpers/eventually.ts';
import { incidents, sendPagerDuty, startIncidentApp } from './harness.ts';

const TRIGGERED = { eventId: 'race-1', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z', number: 77 };

describe('bringing incidents up to date when work overlaps', () => {
  it('when two sync passes run at once (the tick and the work after a webhook), then the incident is posted to its channel once', async () => {
    const h = await startIncidentApp();
    // Slack fails the webhook's own post, so the incident stays marked for the passes below.
    h.double.failNext('chat.postMessage', { error: 'fatal_error' });
    expect((await sendPagerDuty(h, TRIGGERED)).status).toBe(200);
    await h.bot.services.settle();
    expect(incidents(h)[0]!.sync_needed).toBe(1);

    await Promise.all([syncPendingIncidents(h.bot.services.deps), syncPendingIncidents(h.bot.services.deps), h.bot.services.tick()]);
    expect(h.double.messages('C0INCIDENT').map((message) => message.text)).toEqual(['PD-77 triggered: A little bump in the road']);
    expect(incidents(h)[0]!.sync_needed).toBe(0);
  });

  it('when the incident resolves while its first post is still on its way to Slack, then the post ends up saying resolved', async () => {
    const h = await startIncidentApp({ webClient: { timeout: 400 } });
    // The first post's answer is lost: the client waits out its timeout and posts again.
    h.double.failNext('chat.postMessage', { hang: true });
    expect((await sendPagerDuty(h, TRIGGERED)).status).toBe(200);
    await eventually(() => h.double.calls.some((call) => call.method === 'chat.postMessage'), { what: 'the first post attempt' });
    expect((await sendPagerDuty(h, { ...TRIGGERED, eventId: 'race-2', eventType: 'incident.resolved', occurredAt: '2026-07-06T13:20:00Z', status: 'resolved' })).status).toBe(200);
    await h.bot.services.settle();
    await h.bot.services.tick();
    const post = h.double.messages('C0INCIDENT');
    expect(post.map((message) => message.text)).toEqual(['PD-77 resolved: A little bump in the road']);
    expect(incidents(h)[0]).toMatchObject({ status: 'resolved', sync_needed: 0 });
  });
});
