import { FOLLOW_UP_IDS } from '../../../views/follow-up.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { pagerDutyBody } from '../../fixtures/pagerduty.ts';
import { GENERIC_SECRET, INCIDENT_YAML, PD_SECRET, resolutionValues, SENTRY_SECRET } from '../../flows/incidents/harness.ts';
import { pagerDutyHeaders } from '../../helpers/webhooks.ts';
import type { FlowScenario } from './scenario.ts';
import { openFromDm, submission, webhookDelivery } from './signing.ts';

/**
 * Incident follow-up: PagerDuty reports each incident triggered and resolved (two signed
 * webhooks); a day later the on-call signs the resolution, with one follow-up action, whose
 * owner then signs it done. Two signed responses per incident.
 */
export const incidentsScenario: FlowScenario = {
  name: 'incident follow-up',
  setup: () => ({
    yaml: INCIDENT_YAML,
    channels: [{ id: 'C0INCIDENT', name: 'incidents' }],
    env: { PAGERDUTY_WEBHOOK_SECRET: PD_SECRET, SENTRY_CLIENT_SECRET: SENTRY_SECRET, INCIDENT_WEBHOOK_SECRET: GENERIC_SECRET },
  }),
  kinds: ['incident-resolution', 'incident-follow-up'],
  trigger: async (bot, size) => {
    const incidents = Math.max(1, Math.ceil(size / 2));
    return Array.from({ length: incidents }, (_, n) => {
      const common = { incidentId: `PINC${n + 1}`, number: 4000 + n, title: `Checkout API returning 502s (${n + 1})` };
      const triggered = pagerDutyBody({ ...common, eventId: `trig-${n + 1}`, eventType: 'incident.triggered', occurredAt: '2026-07-06T12:50:00Z' });
      const resolved = pagerDutyBody({ ...common, eventId: `res-${n + 1}`, eventType: 'incident.resolved', occurredAt: '2026-07-06T13:30:00Z', status: 'resolved' });
      return [webhookDelivery(bot, 'pagerduty', `trig-${n + 1}`, triggered, pagerDutyHeaders(triggered, PD_SECRET)), webhookDelivery(bot, 'pagerduty', `res-${n + 1}`, resolved, pagerDutyHeaders(resolved, PD_SECRET))];
    }).flat();
  },
  sign: async (bot, request) => {
    if (request.kind === 'incident-resolution') {
      const view = await openFromDm(bot, request, INCIDENT_IDS.resolutionCallback);
      return submission(bot, request, view.id, resolutionValues({ detectedAt: '2026-07-06T12:50:00Z', resolvedAt: '2026-07-06T13:30:00Z', followUps: [{ text: `Alert on pool saturation (${request.subject})`, owner: 'U0ENGINEE2' }] }));
    }
    const view = await openFromDm(bot, request, FOLLOW_UP_IDS.callbackId);
    return submission(bot, request, view.id, {
      [FOLLOW_UP_IDS.noteBlock]: { [FOLLOW_UP_IDS.noteAction]: { type: 'plain_text_input', value: 'Added the alert and a runbook entry.' } },
      [FOLLOW_UP_IDS.linkBlock]: { [FOLLOW_UP_IDS.linkAction]: { type: 'url_text_input', value: 'https://github.com/example/infra/pull/7' } },
    });
  },
  facts: (bot) => ({
    incidents: bot.db.prepare('SELECT COUNT(*) FROM incidents').pluck().get() as number,
    'webhook deliveries recorded': bot.db.prepare('SELECT COUNT(*) FROM webhook_deliveries').pluck().get() as number,
    'incident timeline events': bot.db.prepare('SELECT COUNT(*) FROM incident_events').pluck().get() as number,
    'resolution requests': bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'incident-resolution'").pluck().get() as number,
    'follow-up requests': bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'incident-follow-up'").pluck().get() as number,
    'incidents posted to their channel': bot.db.prepare('SELECT COUNT(*) FROM incidents WHERE channel_ts IS NOT NULL').pluck().get() as number,
  }),
};
