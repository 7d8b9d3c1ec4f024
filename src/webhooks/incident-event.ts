/** One provider event about an incident, in the shape every source is mapped onto before it is recorded. */
export type IncidentEventType = 'triggered' | 'acknowledged' | 'reassigned' | 'resolved';

export type IncidentSource = 'pagerduty' | 'sentry' | 'generic';

/** Whoever the source says the incident is assigned to; PagerDuty gives an ID and a name only. */
export interface IncidentAssignee {
  externalId: string | null;
  name: string | null;
  email: string | null;
}

export interface IncidentEvent {
  source: IncidentSource;
  /** The provider's event ID (or a digest of the delivery when it has none): a redelivery has the same one. */
  eventId: string;
  type: IncidentEventType;
  /** ISO-8601 UTC. */
  occurredAt: string;
  incident: {
    externalId: string;
    /** The reference people use: PD-1234, FRONT-END-9. */
    number: string;
    title: string;
    severity: string | null;
    service: string | null;
    url: string | null;
    createdAt: string | null;
    assignees: IncidentAssignee[];
  };
}

/** What a source's parser makes of a verified body. */
export type ParsedDelivery = { kind: 'event'; event: IncidentEvent } | { kind: 'ignored'; reason: string } | { kind: 'invalid'; reason: string };
