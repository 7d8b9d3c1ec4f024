import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { sha256Hex } from '../evidence/hash.ts';
import { anySignatureMatches } from './hmac.ts';
import type { IncidentAssignee, IncidentEvent, IncidentEventType, ParsedDelivery } from './incident-event.ts';
import { describeIssues, headerValue, isoInstant } from './parse-helpers.ts';

/** Sentry integration-platform webhooks: `Sentry-Hook-Signature` is the HMAC-SHA256 (hex) of the body with the integration's client secret. */
export function sentrySignatureValid(secrets: readonly string[], body: Buffer, headers: IncomingHttpHeaders): boolean {
  const signature = headerValue(headers, 'sentry-hook-signature');
  return signature ? anySignatureMatches(secrets, body, [signature.trim()]) : false;
}

const ISSUE_ACTIONS: Record<string, IncidentEventType> = { created: 'triggered', unresolved: 'triggered', assigned: 'reassigned', resolved: 'resolved' };
const METRIC_ACTIONS: Record<string, IncidentEventType> = { critical: 'triggered', warning: 'triggered', resolved: 'resolved' };

const issueSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  shortId: z.string().min(1).max(100),
  title: z.string().min(1).max(2_000),
  level: z.string().max(20).nullish(),
  permalink: z.string().max(2_000).nullish(),
  web_url: z.string().max(2_000).nullish(),
  firstSeen: isoInstant.nullish(),
  project: z.object({ slug: z.string().max(100) }).partial().nullish(),
  assignedTo: z
    .object({ type: z.string().optional(), id: z.union([z.string(), z.number()]).transform(String).optional(), name: z.string().nullish(), email: z.string().nullish() })
    .nullish(),
});

const alertEventSchema = z.object({
  issue_id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().min(1).max(2_000),
  web_url: z.string().max(2_000).nullish(),
  level: z.string().max(20).nullish(),
  datetime: isoInstant.nullish(),
});

const metricSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  title: z.string().max(2_000).nullish(),
  date_started: isoInstant.nullish(),
  date_closed: isoInstant.nullish(),
  alert_rule: z.object({ name: z.string().max(500), projects: z.array(z.string()).optional() }),
  projects: z.array(z.string()).optional(),
});

/**
 * Maps a verified Sentry delivery onto an incident event. Sentry sends no event ID, so the
 * delivery's own digest is its ID: a redelivery of the same body is the same event.
 */
export function parseSentry(value: unknown, body: Buffer, headers: IncomingHttpHeaders, now: Date): ParsedDelivery {
  const resource = headerValue(headers, 'sentry-hook-resource') ?? '';
  const envelope = z.object({ action: z.string().min(1).max(60), data: z.record(z.string(), z.unknown()) }).safeParse(value);
  if (!envelope.success) return { kind: 'invalid', reason: `not a Sentry webhook: ${describeIssues(envelope.error)}` };
  const { action, data } = envelope.data;
  const eventId = `${resource}:${action}:${sha256Hex(body)}`;
  const received = now.toISOString();
  const event = (type: IncidentEventType, occurredAt: string, incident: IncidentEvent['incident']): ParsedDelivery => ({ kind: 'event', event: { source: 'sentry', eventId, type, occurredAt, incident } });

  if (resource === 'issue') {
    const type = ISSUE_ACTIONS[action];
    if (!type) return { kind: 'ignored', reason: `Sentry issue action ${action} is not one evidence-bot follows` };
    const issue = issueSchema.safeParse(data.issue);
    if (!issue.success) return { kind: 'invalid', reason: `issue.${action} without a valid issue: ${describeIssues(issue.error, 'data.issue')}` };
    const item = issue.data;
    const assignee: IncidentAssignee[] = item.assignedTo && item.assignedTo.type !== 'team' ? [{ externalId: item.assignedTo.id ?? null, name: item.assignedTo.name ?? null, email: item.assignedTo.email ?? null }] : [];
    return event(type, action === 'created' && item.firstSeen ? item.firstSeen : received, { externalId: `issue:${item.id}`, number: item.shortId, title: item.title, severity: item.level ?? null, service: item.project?.slug ?? null, url: item.web_url ?? item.permalink ?? null, createdAt: item.firstSeen ?? null, assignees: assignee });
  }
  if (resource === 'event_alert') {
    if (action !== 'triggered') return { kind: 'ignored', reason: `Sentry event_alert action ${action} is not one evidence-bot follows` };
    const alerted = alertEventSchema.safeParse(data.event);
    if (!alerted.success) return { kind: 'invalid', reason: `event_alert without a valid event: ${describeIssues(alerted.error, 'data.event')}` };
    const item = alerted.data;
    // Filed under the issue, so a later issue.resolved resolves the same incident.
    return event('triggered', item.datetime ?? received, { externalId: `issue:${item.issue_id}`, number: `SENTRY-${item.issue_id}`, title: item.title, severity: item.level ?? null, service: null, url: item.web_url ?? null, createdAt: item.datetime ?? null, assignees: [] });
  }
  if (resource === 'metric_alert') {
    const type = METRIC_ACTIONS[action];
    if (!type) return { kind: 'ignored', reason: `Sentry metric_alert action ${action} is not one evidence-bot follows` };
    const alert = metricSchema.safeParse(data.metric_alert);
    if (!alert.success) return { kind: 'invalid', reason: `metric_alert without a valid alert: ${describeIssues(alert.error, 'data.metric_alert')}` };
    const item = alert.data;
    const url = typeof data.web_url === 'string' ? data.web_url.slice(0, 2_000) : null;
    return event(type, (type === 'resolved' ? item.date_closed : item.date_started) ?? received, { externalId: `metric:${item.id}`, number: `SENTRY-ALERT-${item.id}`, title: item.alert_rule.name, severity: action === 'resolved' ? null : action, service: item.projects?.[0] ?? item.alert_rule.projects?.[0] ?? null, url, createdAt: item.date_started ?? null, assignees: [] });
  }
  return { kind: 'ignored', reason: `Sentry resource ${JSON.stringify(resource.slice(0, 40))} is not one evidence-bot follows` };
}
