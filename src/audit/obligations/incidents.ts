import { timingFor } from '../../flows/escalation.ts';
import { incidentSubject, POSTMORTEM_KIND, RESOLUTION_KIND } from '../../flows/incidents/model.ts';
import type { IncidentRow } from '../../store/incidents.ts';
import { stmt } from '../../store/statements.ts';
import { evidenceOfRequests, toRef } from './ledger-evidence.ts';
import type { Obligation, ObligationProvider } from './types.ts';

/** An incident still open in its source is asked about after a week regardless (see the resolution request kind). */
const OPEN_INCIDENT_WAIT_MS = 7 * 86_400_000;

const dayOf = (iso: string) => iso.slice(0, 10);
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Every incident owes a signed resolution, dated the day it was resolved (the day it was
 * triggered while it is still open), due when its prompt has had its reminders and escalation
 * (captured + promptAfter + escalateAfter, or after the open-incident wait). Every resolved
 * incident also owes a signed postmortem, due postmortemAfter + escalateAfter after resolution.
 * The evidence is the artifact filed for the incident's own request, never a look-alike subject.
 */
export const incidentObligations: ObligationProvider = {
  name: 'incident',
  obligations({ db, settings, range }) {
    const incidents = stmt(db, 'SELECT * FROM incidents WHERE substr(COALESCE(resolved_at, triggered_at), 1, 10) BETWEEN ? AND ? ORDER BY triggered_at, id').all(range.from, range.to) as IncidentRow[];
    if (incidents.length === 0) return [];
    const requests = incidents.flatMap((incident) => [incident.resolution_request_id, incident.postmortem_request_id]).filter((id): id is string => Boolean(id));
    const filed = evidenceOfRequests(db, requests);
    const resolutionGrace = timingFor(settings, RESOLUTION_KIND).escalateAfter;
    const postmortemGrace = timingFor(settings, POSTMORTEM_KIND).escalateAfter;
    const obligations: Obligation[] = [];
    for (const incident of incidents) {
      const day = dayOf(incident.resolved_at ?? incident.triggered_at);
      const period = { label: day, from: day, to: day };
      const subject = incidentSubject(incident);
      const label = `${incident.number}: ${incident.title}`.slice(0, 200);
      const asked = incident.resolved_at || incident.source === 'slack'
        ? plus(incident.captured_at, settings.incidents.promptAfter)
        : plus(incident.captured_at, OPEN_INCIDENT_WAIT_MS);
      const resolution = filed.get(incident.resolution_request_id ?? '') ?? [];
      obligations.push({
        id: `${RESOLUTION_KIND}:${incident.source}:${incident.external_id}`,
        provider: 'incident',
        kind: RESOLUTION_KIND,
        controls: settings.incidents.resolutionControls,
        subject,
        subjectLabel: label,
        period,
        dueAt: plus(asked > (incident.resolved_at ?? '') ? asked : incident.resolved_at!, resolutionGrace),
        event: incident.resolved_at ? { what: `incident ${incident.number} resolved`, at: incident.resolved_at } : { what: `incident ${incident.number} triggered`, at: incident.triggered_at },
        description: `Incident ${incident.number} resolution`,
        gap: incident.resolved_at ? `incident ${incident.number} resolved without a signed resolution` : `incident ${incident.number}, open since ${day}, without a signed resolution`,
        evidence: resolution.filter((artifact) => artifact.kind === RESOLUTION_KIND).map(toRef),
      });
      if (!incident.resolved_at) continue;
      const postmortem = filed.get(incident.postmortem_request_id ?? '') ?? [];
      obligations.push({
        id: `${POSTMORTEM_KIND}:${incident.source}:${incident.external_id}`,
        provider: 'incident',
        kind: POSTMORTEM_KIND,
        controls: settings.incidents.postmortemControls,
        subject,
        subjectLabel: label,
        period,
        dueAt: plus(incident.resolved_at, settings.incidents.postmortemAfter + postmortemGrace),
        event: { what: `incident ${incident.number} resolved`, at: incident.resolved_at },
        description: `Incident ${incident.number} postmortem`,
        gap: `incident ${incident.number}: no signed postmortem`,
        evidence: postmortem.filter((artifact) => artifact.kind === POSTMORTEM_KIND).map(toRef),
      });
    }
    return obligations;
  },
};
