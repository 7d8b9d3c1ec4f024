import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { anySignatureMatches, v1Signatures } from './hmac.ts';
import type { ParsedDelivery } from './incident-event.ts';
import { describeIssues, headerValue, isoInstant } from './parse-helpers.ts';

export const EVIDENCE_SIGNATURE_HEADER = 'x-evidence-signature';

/**
 * Our own signed webhooks (incidents from other tools, HR events): `X-Evidence-Signature:
 * v1=<hex HMAC-SHA256 of the body>`, several comma-separated while a secret rotates, as PagerDuty does.
 */
export function evidenceSignatureValid(secrets: readonly string[], body: Buffer, headers: IncomingHttpHeaders): boolean {
  return anySignatureMatches(secrets, body, v1Signatures(headerValue(headers, EVIDENCE_SIGNATURE_HEADER)));
}

const text = (max: number) => z.string().trim().min(1).max(max);

/** The documented shape of `/webhooks/incident` (README, "Incident follow-up"). */
export const genericIncidentSchema = z
  .object({
    event_id: text(200),
    type: z.enum(['triggered', 'acknowledged', 'reassigned', 'resolved']),
    occurred_at: isoInstant,
    incident: z.object({
      id: text(200),
      reference: text(60).optional(),
      title: text(2_000),
      severity: text(40).optional(),
      service: text(100).optional(),
      url: z.url().max(2_000).optional(),
      created_at: isoInstant.optional(),
      assignees: z
        .array(z.object({ id: text(200).optional(), name: text(200).optional(), email: z.email().max(320).optional() }).refine((a) => a.id || a.name || a.email, 'an assignee needs an id, a name or an email'))
        .max(50)
        .default([]),
    }),
  })
  .strict();

export function parseGenericIncident(value: unknown): ParsedDelivery {
  const parsed = genericIncidentSchema.safeParse(value);
  if (!parsed.success) return { kind: 'invalid', reason: describeIssues(parsed.error) };
  const { incident, ...event } = parsed.data;
  return {
    kind: 'event',
    event: {
      source: 'generic',
      eventId: event.event_id,
      type: event.type,
      occurredAt: event.occurred_at,
      incident: {
        externalId: incident.id,
        number: incident.reference ?? incident.id,
        title: incident.title,
        severity: incident.severity ?? null,
        service: incident.service ?? null,
        url: incident.url ?? null,
        createdAt: incident.created_at ?? null,
        assignees: incident.assignees.map((assignee) => ({ externalId: assignee.id ?? null, name: assignee.name ?? null, email: assignee.email?.toLowerCase() ?? null })),
      },
    },
  };
}
