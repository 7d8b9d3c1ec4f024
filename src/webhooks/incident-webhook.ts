import type { IncomingHttpHeaders } from 'node:http';
import { parseJsonBody } from '../http/json-body.ts';
import type { Logger } from '../logger.ts';
import { evidenceSignatureValid, parseGenericIncident } from './generic.ts';
import type { IncidentEvent, IncidentSource, ParsedDelivery } from './incident-event.ts';
import { pagerDutySignatureValid, parsePagerDuty } from './pagerduty.ts';
import type { WebhookHandler } from './registry.ts';
import { parseSentry, sentrySignatureValid } from './sentry.ts';

export interface IncidentWebhookOptions {
  /** Empty or missing: the source is not configured and every delivery gets 503. */
  secrets: readonly string[] | undefined;
  now: () => Date;
  /** Records the event (a SQLite transaction, nothing slow); heavy work happens after the answer. */
  onEvent: (event: IncidentEvent) => Promise<'recorded' | 'duplicate'>;
  logger: Logger;
}

interface Source {
  secretName: string;
  verify(secrets: readonly string[], body: Buffer, headers: IncomingHttpHeaders): boolean;
  parse(value: unknown, body: Buffer, headers: IncomingHttpHeaders, now: Date): ParsedDelivery;
}

const SOURCES: Record<IncidentSource, Source> = {
  pagerduty: { secretName: 'PAGERDUTY_WEBHOOK_SECRET', verify: pagerDutySignatureValid, parse: (value) => parsePagerDuty(value) },
  sentry: { secretName: 'SENTRY_CLIENT_SECRET', verify: sentrySignatureValid, parse: parseSentry },
  generic: { secretName: 'INCIDENT_WEBHOOK_SECRET', verify: evidenceSignatureValid, parse: (value) => parseGenericIncident(value) },
};

/**
 * One incident source's webhook: the signature is checked over the raw bytes first (401 and
 * nothing recorded), then the body (400 with the reason), then the event is recorded once
 * (a redelivery answers 200 and changes nothing); events evidence-bot does not follow get 202.
 */
export function incidentWebhook(sourceName: IncidentSource, options: IncidentWebhookOptions): WebhookHandler {
  const source = SOURCES[sourceName];
  return async ({ body, headers }) => {
    if (!options.secrets || options.secrets.length === 0) {
      return { status: 503, body: { ok: false, error: `${source.secretName} is not set: this webhook is disabled` } };
    }
    if (!source.verify(options.secrets, body, headers)) {
      options.logger.warn('webhook refused: signature missing or wrong', { source: sourceName, bytes: body.length });
      return { status: 401, body: { ok: false, error: 'invalid signature' } };
    }
    const json = parseJsonBody(body);
    if (!json.ok) return { status: 400, body: { ok: false, error: json.reason } };
    const parsed = source.parse(json.value, body, headers, options.now());
    if (parsed.kind === 'invalid') {
      options.logger.warn('webhook refused: malformed payload', { source: sourceName, reason: parsed.reason });
      return { status: 400, body: { ok: false, error: parsed.reason } };
    }
    if (parsed.kind === 'ignored') {
      options.logger.info('webhook ignored', { source: sourceName, reason: parsed.reason });
      return { status: 202, body: { ok: true, ignored: parsed.reason } };
    }
    const outcome = await options.onEvent(parsed.event);
    options.logger.info('incident webhook accepted', { source: sourceName, event: parsed.event.eventId, type: parsed.event.type, incident: parsed.event.incident.number, outcome });
    return { status: 200, body: { ok: true, ...(outcome === 'duplicate' ? { duplicate: true } : {}) } };
  };
}
