import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../src/http/json-body.ts';
import { WEBHOOK_BODY_LIMIT } from '../../src/webhooks/registry.ts';
import { evidenceHeaders, pagerDutyHeaders, postWebhook, sentryHeaders } from '../helpers/webhooks.ts';
import { pagerDutyBody } from '../fixtures/pagerduty.ts';
import { GENERIC_SECRET, HR_SECRET, PD_SECRET, SENTRY_SECRET, startIncidentApp } from '../flows/incidents/harness.ts';

/** Each signed source with how it signs: an attack must fail on every one of them. */
const SOURCES: Record<string, (body: string, secret?: string) => Record<string, string>> = {
  pagerduty: (body, secret = PD_SECRET) => pagerDutyHeaders(body, secret),
  sentry: (body, secret = SENTRY_SECRET) => sentryHeaders(body, secret, 'issue'),
  incident: (body, secret = GENERIC_SECRET) => evidenceHeaders(body, secret),
  hr: (body, secret = HR_SECRET) => evidenceHeaders(body, secret),
};

describe('security: webhooks', () => {
  it('when a delivery is forged, unsigned, signed with another secret or altered after signing, then every source answers 401 and records nothing', async () => {
    const h = await startIncidentApp();
    const body = pagerDutyBody({ eventId: 'e-1', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z' });
    for (const [source, sign] of Object.entries(SOURCES)) {
      expect((await postWebhook(h.baseUrl, source, body, {})).status, `${source} unsigned`).toBe(401);
      expect((await postWebhook(h.baseUrl, source, body, sign(body, 'someone-elses-secret'))).status, `${source} other secret`).toBe(401);
      expect((await postWebhook(h.baseUrl, source, body.replace('bump', 'hole'), sign(body))).status, `${source} altered`).toBe(401);
      const header = Object.keys(sign(body)).find((name) => /signature/i.test(name))!;
      expect((await postWebhook(h.baseUrl, source, body, { ...sign(body), [header]: 'v1=' })).status, `${source} empty signature`).toBe(401);
    }
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM webhook_deliveries').pluck().get()).toBe(0);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM incidents').pluck().get()).toBe(0);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM checklists').pluck().get()).toBe(0);
  });

  it('when a body is over the limit, not JSON, or nested deeper than the parser allows, then it is refused with the reason and nothing is recorded', async () => {
    const h = await startIncidentApp();
    const huge = JSON.stringify({ padding: 'x'.repeat(WEBHOOK_BODY_LIMIT) });
    const nested = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
    for (const [source, sign] of Object.entries(SOURCES)) {
      const tooLarge = await postWebhook(h.baseUrl, source, huge, sign(huge));
      expect(tooLarge, source).toEqual({ status: 413, json: { ok: false, error: `request body is larger than ${WEBHOOK_BODY_LIMIT} bytes` } });
      expect(await postWebhook(h.baseUrl, source, 'not json', sign('not json')), source).toMatchObject({ status: 400, json: { ok: false, error: expect.stringMatching(/the body is not valid JSON/) } });
      expect(await postWebhook(h.baseUrl, source, nested, sign(nested)), source).toEqual({ status: 400, json: { ok: false, error: expect.stringContaining(`the JSON is nested deeper than ${MAX_JSON_DEPTH} levels`) } });
      expect(await postWebhook(h.baseUrl, source, '[]', sign('[]')), source).toMatchObject({ status: 400 });
    }
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM webhook_deliveries').pluck().get()).toBe(0);
    // Still serving.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  });

  it('when a signed delivery is replayed any number of times, then it has one effect', async () => {
    const h = await startIncidentApp();
    const body = pagerDutyBody({ eventId: 'e-1', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => postWebhook(h.baseUrl, 'pagerduty', body, pagerDutyHeaders(body, PD_SECRET))));
    expect(answers.filter((answer) => answer.status === 200 && !answer.json.duplicate)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 200 && answer.json.duplicate === true)).toHaveLength(9);
    expect(h.bot.db.prepare("SELECT COUNT(*) FROM incident_events WHERE what = 'triggered'").pluck().get()).toBe(1);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM incidents').pluck().get()).toBe(1);
  });
});
