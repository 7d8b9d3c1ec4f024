import { newId } from '../../ids.ts';
import { addIncidentEvent, incidentByExternalId, insertIncident, linkDelivery, recordDelivery, updateIncident, type IncidentRow } from '../../store/incidents.ts';
import type { IncidentEvent } from '../../webhooks/incident-event.ts';
import type { FlowDeps } from '../deps.ts';

/**
 * Records one provider event: the incident is created or moved on, the event lands in its
 * timeline, and it is marked for the follow-up work (on-call, prompt, channel post) that happens
 * after the webhook has been answered. A redelivered event changes nothing.
 */
export function recordIncidentEvent(deps: FlowDeps, event: IncidentEvent): { outcome: 'recorded' | 'duplicate'; incidentId: string | null } {
  const { db, clock } = deps;
  const now = clock.now().toISOString();
  return db.transaction(() => {
    if (!recordDelivery(db, event.source, event.eventId, now)) return { outcome: 'duplicate' as const, incidentId: null };
    const data = event.incident;
    let incident = incidentByExternalId(db, event.source, data.externalId);
    if (!incident) {
      const created: Omit<IncidentRow, 'sync_needed'> = {
        id: newId(),
        source: event.source,
        external_id: data.externalId,
        number: data.number,
        title: data.title,
        severity: data.severity,
        service: data.service,
        url: data.url,
        status: 'triggered',
        created_at: data.createdAt,
        triggered_at: data.createdAt ?? event.occurredAt,
        acknowledged_at: null,
        resolved_at: null,
        assignees: JSON.stringify(data.assignees),
        oncall: null,
        oncall_source: null,
        reported_by: null,
        captured_at: now,
        channel: null,
        channel_ts: null,
        resolution_request_id: null,
        postmortem_request_id: null,
      };
      insertIncident(db, created);
      incident = { ...created, sync_needed: 1 };
    }
    const changes: Partial<IncidentRow> = { sync_needed: 1, title: data.title, severity: data.severity ?? incident.severity, service: data.service ?? incident.service, url: data.url ?? incident.url };
    if (data.assignees.length > 0 && (event.type === 'triggered' || event.type === 'reassigned' || event.type === 'acknowledged')) changes.assignees = JSON.stringify(data.assignees);
    if (event.type === 'acknowledged' && incident.status === 'triggered') {
      changes.status = 'acknowledged';
      changes.acknowledged_at = event.occurredAt;
    }
    if (event.type === 'resolved') {
      changes.status = 'resolved';
      changes.resolved_at = event.occurredAt;
      changes.acknowledged_at = incident.acknowledged_at ?? null;
    }
    updateIncident(db, incident.id, changes);
    const who = data.assignees.map((assignee) => assignee.name ?? assignee.email ?? assignee.externalId).filter(Boolean).join(', ');
    addIncidentEvent(db, incident.id, event.occurredAt, event.type, `${event.source} event ${event.eventId}${who ? `; assigned to ${who}` : ''}`);
    linkDelivery(db, event.source, event.eventId, incident.id);
    return { outcome: 'recorded' as const, incidentId: incident.id };
  })();
}
