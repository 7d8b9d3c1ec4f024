import { DomainError } from '../../errors.ts';
import type { IncidentAssignee } from '../../webhooks/incident-event.ts';
import type { IncidentRow } from '../../store/incidents.ts';
import type { FlowDeps } from '../deps.ts';

export type OnCallSource = 'email' | 'pagerduty-api' | 'pagerduty-map' | 'service-owner' | 'reporter' | 'default-owner';

/** How the incident's history says who answers for it: for an auditor, not in config keys. */
export const ON_CALL_SOURCE_TEXT: Record<OnCallSource, string> = {
  email: 'the assignee\'s email in the incident matches their Slack profile',
  'pagerduty-api': 'the PagerDuty assignee\'s email, from PagerDuty\'s API, matches their Slack profile',
  'pagerduty-map': 'the PagerDuty assignee, through the configured map of PagerDuty users',
  'service-owner': 'the configured owner of the service',
  reporter: 'who reported it in Slack',
  'default-owner': 'the configured default owner of incidents',
};

/** How long a failing PagerDuty lookup is retried before the fallbacks (map, service owner, default) are used instead. */
export const PAGERDUTY_LOOKUP_GRACE_MS = 60 * 60_000;

/** The lookup failed for a reason that may pass (429, 5xx, timeout): try the incident again on a later tick. */
export class OnCallLookupPending extends DomainError {
  constructor(incident: string) {
    super(`the on-call of ${incident} could not be looked up in PagerDuty yet`, 'oncall_pending');
  }
}

/**
 * The Slack user who answers for an incident. PagerDuty names assignees by ID and name only, so
 * its REST API gives the email (with PAGERDUTY_API_TOKEN) and Slack matches it; otherwise the
 * configured map of PagerDuty users; otherwise the service's owner; then whoever reported it in
 * Slack; then the default owner.
 */
export async function resolveOnCall(deps: FlowDeps, incident: IncidentRow): Promise<{ slackId: string; source: OnCallSource } | null> {
  const { settings, slack, logger, clock } = deps;
  const assignees = JSON.parse(incident.assignees) as IncidentAssignee[];
  for (const assignee of assignees) {
    if (assignee.email) {
      const person = await slack.lookupByEmail(assignee.email).catch(() => null);
      if (person && !person.deleted) return { slackId: person.id, source: 'email' };
    }
    if (incident.source === 'pagerduty' && assignee.externalId && deps.pagerDutyEmail) {
      let email: string | null = null;
      try {
        email = await deps.pagerDutyEmail(assignee.externalId);
      } catch (error) {
        const waited = clock.now().getTime() - new Date(incident.captured_at).getTime();
        if (waited < PAGERDUTY_LOOKUP_GRACE_MS) throw new OnCallLookupPending(incident.number);
        logger.warn('PagerDuty user lookup still failing; using the configured fallbacks', { pagerDutyUser: assignee.externalId, incident: incident.number }, error);
      }
      const person = email ? await slack.lookupByEmail(email).catch(() => null) : null;
      if (person && !person.deleted) return { slackId: person.id, source: 'pagerduty-api' };
    }
    const mapped = assignee.externalId ? settings.incidents.pagerdutyUsers[assignee.externalId] : undefined;
    if (mapped) return { slackId: mapped, source: 'pagerduty-map' };
  }
  const owner = incident.service ? settings.incidents.serviceOwners[incident.service] : undefined;
  if (owner) return { slackId: owner, source: 'service-owner' };
  if (incident.reported_by) return { slackId: incident.reported_by, source: 'reporter' };
  const fallback = settings.incidents.defaultOwner ?? settings.admins[0];
  return fallback ? { slackId: fallback, source: 'default-owner' } : null;
}
