import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { anySignatureMatches, v1Signatures } from './hmac.ts';
import type { IncidentEventType, ParsedDelivery } from './incident-event.ts';
import { describeIssues, isoInstant, headerValue } from './parse-helpers.ts';

/**
 * PagerDuty v3 webhooks. `X-PagerDuty-Signature` holds one `v1=<hex>` per signing secret,
 * comma-separated, so a subscription can rotate its secret without downtime.
 */
export function pagerDutySignatureValid(secrets: readonly string[], body: Buffer, headers: IncomingHttpHeaders): boolean {
  return anySignatureMatches(secrets, body, v1Signatures(headerValue(headers, 'x-pagerduty-signature')));
}

/** Escalated and delegated move the incident to someone else just as a reassignment does. */
const HANDLED: Record<string, IncidentEventType> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.reassigned': 'reassigned',
  'incident.escalated': 'reassigned',
  'incident.delegated': 'reassigned',
  'incident.resolved': 'resolved',
};

const reference = z.object({ id: z.string().min(1), summary: z.string().optional() });

const envelope = z.object({
  event: z.object({
    id: z.string().min(1).max(200),
    event_type: z.string().min(1).max(100),
    occurred_at: isoInstant,
    data: z.unknown(),
  }),
});

const incidentData = z.object({
  id: z.string().min(1).max(100),
  type: z.literal('incident'),
  number: z.number().int().nonnegative(),
  title: z.string().min(1).max(2_000),
  html_url: z.string().max(2_000).optional(),
  created_at: isoInstant.optional(),
  service: reference.nullish(),
  assignees: z.array(reference).max(100).optional(),
  priority: reference.nullish(),
  urgency: z.string().max(40).nullish(),
});

/** Maps a verified PagerDuty delivery onto an incident event, or says why it is ignored or refused. */
export function parsePagerDuty(value: unknown): ParsedDelivery {
  const outer = envelope.safeParse(value);
  if (!outer.success) return { kind: 'invalid', reason: `not a PagerDuty v3 webhook: ${describeIssues(outer.error)}` };
  const { event } = outer.data;
  const type = HANDLED[event.event_type];
  if (!type) return { kind: 'ignored', reason: `PagerDuty event type ${event.event_type} is not one evidence-bot follows` };
  const data = incidentData.safeParse(event.data);
  if (!data.success) return { kind: 'invalid', reason: `${event.event_type} without a valid incident: ${describeIssues(data.error, 'event.data')}` };
  const incident = data.data;
  return {
    kind: 'event',
    event: {
      source: 'pagerduty',
      eventId: event.id,
      type,
      occurredAt: event.occurred_at,
      incident: {
        externalId: incident.id,
        number: `PD-${incident.number}`,
        title: incident.title,
        severity: incident.priority?.summary ?? incident.urgency ?? null,
        service: incident.service?.summary ?? null,
        url: incident.html_url ?? null,
        createdAt: incident.created_at ?? null,
        assignees: (incident.assignees ?? []).map((assignee) => ({ externalId: assignee.id, name: assignee.summary ?? null, email: null })),
      },
    },
  };
}
