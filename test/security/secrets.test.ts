import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INCIDENT_IDS } from '../../views/incident.ts';
import { POSTMORTEM_IDS } from '../../views/postmortem.ts';
import { AnthropicDouble, toolAnswer } from '../helpers/anthropic-double.ts';
import { goodToolInput } from '../drafter/fixtures.ts';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';
import { PagerDutyDouble } from '../helpers/pagerduty-double.ts';
import { pagerDutyHeaders, postWebhook } from '../helpers/webhooks.ts';
import { pagerDutyBody } from '../fixtures/pagerduty.ts';
import { GENERIC_SECRET, incidents, openRequestModal, PD_SECRET, resolutionValues, SENTRY_SECRET, startIncidentApp } from '../flows/incidents/harness.ts';

const closers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const closer of closers.splice(0)) await closer.close();
});

function everyFile(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('security: secrets', () => {
  it('when every secret is configured and a whole incident runs at debug level, then no secret appears in any log line, artifact, sidecar or database page', async () => {
    const anthropic = await AnthropicDouble.start();
    const pagerDuty = await PagerDutyDouble.start('pd-rest-token-7f3a9c1e5b');
    closers.push(anthropic, pagerDuty);
    pagerDuty.addUser({ id: 'PTUXL6G', name: 'Eli Engineer', email: 'eli@example.com' });
    anthropic.answerNext(toolAnswer(goodToolInput()));
    const secrets = [BOT_TOKEN, SIGNING_SECRET, PD_SECRET, SENTRY_SECRET, GENERIC_SECRET, anthropic.apiKey, pagerDuty.token, 'hr-secret-0c4d2e8f1a'];
    const h = await startIncidentApp({ env: { ANTHROPIC_API_KEY: anthropic.apiKey, ANTHROPIC_BASE_URL: anthropic.baseURL, PAGERDUTY_API_TOKEN: pagerDuty.token, PAGERDUTY_API_URL: pagerDuty.url, HR_WEBHOOK_SECRET: 'hr-secret-0c4d2e8f1a', LOG_LEVEL: 'debug' } });

    // Forged and refused deliveries log too: they must not echo what they were checked against.
    const forged = pagerDutyBody({ eventId: 'forged', eventType: 'incident.triggered', occurredAt: '2026-07-06T13:00:00Z' });
    await postWebhook(h.baseUrl, 'pagerduty', forged, { 'X-PagerDuty-Signature': `v1=${PD_SECRET}` });
    const body = pagerDutyBody({ eventId: 'e-1', eventType: 'incident.resolved', occurredAt: '2026-07-06T13:30:00Z' });
    await postWebhook(h.baseUrl, 'pagerduty', body, pagerDutyHeaders(body, PD_SECRET));
    const incident = await eventually(() => incidents(h).find((row) => row.oncall && row.sync_needed === 0));
    h.clock.advance(24 * 3_600_000);
    await h.bot.services.tick();
    const resolution = await openRequestModal(h, 'U0ENGINEE1', incident.resolution_request_id!, INCIDENT_IDS.resolutionCallback);
    await h.driver.submitView('U0ENGINEE1', resolution.id, resolutionValues({ detectedAt: '2026-07-06T13:00:00Z', resolvedAt: '2026-07-06T13:30:00Z' }));
    await h.bot.services.tick();
    h.clock.set('2026-08-06T13:00:00.000Z');
    await h.bot.services.tick();
    const postmortem = await openRequestModal(h, 'U0ENGINEE1', incidents(h)[0]!.postmortem_request_id!, POSTMORTEM_IDS.callbackId);
    expect(postmortem.id).toBeTruthy();
    await h.bot.services.tick();
    await h.bot.services.settle();

    expect(h.logs.length).toBeGreaterThan(10);
    const evidenceFiles = everyFile(path.join(h.dir, 'evidence'));
    expect(evidenceFiles.some((file) => file.endsWith('.pdf'))).toBe(true);
    const places: [string, string][] = [
      ...h.logs.map((line, n): [string, string] => [`log line ${n}`, line]),
      ...evidenceFiles.map((file): [string, string] => [file, readFileSync(file).toString('latin1')]),
      ...everyFile(h.dir).filter((file) => /evidence\.db/.test(file)).map((file): [string, string] => [file, readFileSync(file).toString('latin1')]),
    ];
    for (const secret of secrets) {
      const found = places.filter(([, text]) => text.includes(secret)).map(([where]) => where);
      expect(found, `places holding ${secret.slice(0, 4)}…`).toEqual([]);
    }
    // The secrets did reach where they belong: the model and PagerDuty were called with them.
    expect(anthropic.requests[0]?.apiKey).toBe(anthropic.apiKey);
    expect(pagerDuty.requests[0]?.authorization).toBe(`Token token=${pagerDuty.token}`);
  });
});
