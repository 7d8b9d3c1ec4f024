import { newId } from '../../ids.ts';
import { addIncidentEvent, getIncident, incidentsNeedingSync, markSynced, updateIncident, type IncidentRow } from '../../store/incidents.ts';
import { getRequest, insertRequest, reassignRequest, updateRequest } from '../../store/requests.ts';
import { incidentChannelMessage, type IncidentSummary } from '../../../views/incident.ts';
import type { FlowDeps } from '../deps.ts';
import { timingFor } from '../escalation.ts';
import { RESOLUTION_KIND, type ResolutionPayload } from './model.ts';
import { ON_CALL_SOURCE_TEXT, OnCallLookupPending, resolveOnCall } from './oncall.ts';

export function summaryOf(incident: IncidentRow): IncidentSummary {
  return {
    number: incident.number,
    title: incident.title,
    source: incident.source,
    status: incident.status,
    severity: incident.severity,
    service: incident.service,
    url: incident.url,
    triggeredAt: incident.triggered_at,
    acknowledgedAt: incident.acknowledged_at,
    resolvedAt: incident.resolved_at,
    oncall: incident.oncall,
  };
}

/**
 * Brings one incident's side effects up to date after its events were recorded: who the on-call
 * is (a reassignment moves the resolution prompt to the new one), the resolution request, and
 * the post in the incidents channel. Safe to repeat; runs after the webhook answered, and again
 * from the tick if the process stopped half way.
 */
export async function syncIncident(deps: FlowDeps, incidentId: string): Promise<void> {
  const { db, clock, settings, slack, logger } = deps;
  let incident = getIncident(db, incidentId);
  if (!incident) return;
  // What this pass brings the side effects up to; an event recorded meanwhile keeps the mark.
  const seen = incident;
  let oncall;
  try {
    oncall = await resolveOnCall(deps, incident);
  } catch (error) {
    // Left marked for sync: the next tick tries again.
    if (error instanceof OnCallLookupPending) return void logger.info(error.message, { incident: incident.number });
    throw error;
  }
  const now = clock.now();
  db.transaction(() => {
    incident = getIncident(db, incidentId)!;
    const askAt = new Date(new Date(incident.captured_at).getTime() + settings.incidents.promptAfter);
    if (oncall && oncall.slackId !== incident.oncall) {
      addIncidentEvent(db, incident.id, now.toISOString(), 'on-call', `<@${oncall.slackId}>: ${ON_CALL_SOURCE_TEXT[oncall.source]}`);
      updateIncident(db, incident.id, { oncall: oncall.slackId, oncall_source: oncall.source });
      const request = incident.resolution_request_id ? getRequest(db, incident.resolution_request_id) : undefined;
      if (request && request.state !== 'answered' && request.state !== 'cancelled' && request.assignee !== oncall.slackId) {
        reassignRequest(db, request.id, oncall.slackId, now, askAt, `reassigned from <@${request.assignee}> to <@${oncall.slackId}>`);
      }
    }
    incident = getIncident(db, incidentId)!;
    if (!incident.resolution_request_id && incident.oncall) {
      const requestId = newId();
      const payload: ResolutionPayload = { incidentId: incident.id };
      const dueAt = new Date(askAt.getTime() + timingFor(settings, RESOLUTION_KIND).escalateAfter).toISOString();
      insertRequest(
        db,
        // Asked the configured delay after capture, not now.
        { id: requestId, kind: RESOLUTION_KIND, subject: incident.number, title: `Incident ${incident.number}: resolution`, controls: settings.incidents.resolutionControls, assignee: incident.oncall, dedupeKey: `${RESOLUTION_KIND}:${incident.id}`, payload, dueAt, askAt: askAt.toISOString() },
        now,
      );
      updateIncident(db, incident.id, { resolution_request_id: requestId });
    }
    // A resolution that arrives while the prompt waits for it: ask at the usual time, not hours later.
    const request = incident.resolution_request_id ? getRequest(db, incident.resolution_request_id) : undefined;
    if (incident.status === 'resolved' && request && !request.asked_at && request.next_action_at) {
      const due = new Date(Math.max(askAt.getTime(), now.getTime())).toISOString();
      if (request.next_action_at > due) updateRequest(db, request.id, { next_action_at: due });
    }
  })();

  incident = getIncident(db, incidentId)!;
  const channel = settings.incidents.channel;
  if (channel) {
    try {
      const message = incidentChannelMessage(summaryOf(incident));
      if (incident.channel_ts && incident.channel) await slack.updateMessage(incident.channel, incident.channel_ts, message);
      else {
        const posted = await slack.postMessage(channel, message);
        updateIncident(db, incident.id, { channel: posted.channel, channel_ts: posted.ts });
      }
    } catch (error) {
      logger.warn('could not post the incident to its channel; will retry', { incident: incident.number }, error);
      return;
    }
  }
  if (!oncall) logger.warn('no on-call found for the incident: set incidents.defaultOwner or serviceOwners', { incident: incident.number });
  markSynced(db, seen);
}

const passes = new WeakMap<FlowDeps, Promise<number>>();

/**
 * Brings every incident marked for it up to date: after a webhook is answered, and from the
 * tick (a crash, Slack down). Passes run one after another, never side by side: two passes at
 * once would both see a new incident without a channel post, and both post it.
 */
export function syncPendingIncidents(deps: FlowDeps): Promise<number> {
  const previous = passes.get(deps);
  const pass = (previous ?? Promise.resolve(0)).then(
    () => syncPass(deps),
    () => syncPass(deps),
  );
  passes.set(deps, pass);
  const forget = (): void => {
    if (passes.get(deps) === pass) passes.delete(deps);
  };
  pass.then(forget, forget);
  return pass;
}

async function syncPass(deps: FlowDeps): Promise<number> {
  const pending = incidentsNeedingSync(deps.db);
  for (const incident of pending) {
    // One incident that cannot be brought up to date must not hold the others back.
    await syncIncident(deps, incident.id).catch((error: unknown) => deps.logger.error('incident sync failed; will retry', { incident: incident.number }, error));
  }
  return pending.length;
}
