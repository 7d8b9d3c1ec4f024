import { OWNER_PROMPT } from '../../../drafter/template.ts';
import { fieldsOf, hasText, isInstant, problems, type KindRule } from '../rule-types.ts';

const NOT_ACCESS = 'Incident records grant, review or remove no access, so they cannot show that logical access was controlled.';
const NOT_PEOPLE = 'Incident records say nothing of the organization\'s integrity, competence or accountability of its people in general.';

export const incidentResolutionRule: KindRule = {
  kind: 'incident-resolution',
  what: 'The on-call engineer\'s signed account of one incident, asked for 24 hours after it was captured: resolution, root cause, customer impact, detection and resolution times, follow-up actions, and the incident\'s timeline from the alerting tool.',
  signer: 'required',
  supports: {
    'CC7.3': { reason: 'The on-call engineer evaluated the event and signed what happened, why, and what it did to customers.' },
    'CC7.4': { reason: 'The signed resolution documents the response: how the incident was contained and remediated, and the follow-up actions assigned to owners.' },
    'CC7.5': { reason: 'It says how service was restored; the recovery activities and lessons learned are the postmortem\'s to show.', partial: true },
    'CC7.2': { reason: 'The alert that opened the incident shows that monitoring detected an anomaly; the monitoring itself needs evidence of its own.', partial: true },
  },
  notFor: { CC6: NOT_ACCESS, CC1: NOT_PEOPLE },
  configuredBy: 'incidents.resolutionControls',
  otherwise: 'An incident resolution is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    const times = isInstant(fields, 'detected_at') && isInstant(fields, 'resolved_at');
    return problems(
      !hasText(fields, 'narrative') && 'no resolution narrative',
      !hasText(fields, 'root_cause') && 'no root cause',
      !hasText(fields, 'customer_impact') && 'no customer impact',
      !times && 'no valid detection and resolution times',
      times && Date.parse(String(fields?.resolved_at)) < Date.parse(String(fields?.detected_at)) && 'resolved before it was detected',
      !Array.isArray(fields?.follow_ups) && 'no list of follow-up actions',
    );
  },
};

export const incidentFollowUpRule: KindRule = {
  kind: 'incident-follow-up',
  what: 'An owner\'s signed record that one follow-up action from an incident\'s resolution or postmortem was done, with what was done and whether it was on time.',
  signer: 'required',
  supports: {
    'CC7.4': { reason: 'A remediation action arising from the incident was done, signed by its owner with what was done and when.' },
    'CC7.5': { reason: 'An improvement identified after the incident was implemented, which is how recovery closes.' },
  },
  notFor: { CC6: NOT_ACCESS, CC1: NOT_PEOPLE },
  configuredBy: 'incidents.postmortemControls',
  otherwise: 'A follow-up action is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(!hasText(fields, 'description') && 'no action named', !hasText(fields, 'note') && 'no note of what was done', !hasText(fields, 'incident_number') && 'no incident named');
  },
};

const POSTMORTEM_SECTIONS = ['summary', 'impact', 'timeline', 'root_cause', 'resolution', 'what_went_well', 'what_went_wrong'];

export const postmortemRule: KindRule = {
  kind: 'postmortem',
  what: 'The incident owner\'s signed postmortem, drafted 30 days after resolution (by a model or a template) and edited by the owner: summary, impact, timeline, root cause, resolution, what went well and wrong, action items.',
  signer: 'required',
  supports: {
    'CC7.4': { reason: 'The signed postmortem documents how the incident was understood, contained, remediated and communicated.' },
    'CC7.5': { reason: 'It records the root cause, what went wrong and the actions that prevent a recurrence: the recovery and the lessons learned.' },
    'CC7.3': { reason: 'It evaluates the incident after the fact; the evaluation at the time is the signed resolution\'s.', partial: true },
  },
  notFor: { CC6: NOT_ACCESS, CC1: NOT_PEOPLE },
  configuredBy: 'incidents.postmortemControls',
  otherwise: 'A postmortem is not evidence for this criterion.',
  check: ({ payload }) => {
    const fields = fieldsOf(payload);
    return problems(
      !hasText(fields, 'summary') && 'no summary',
      !hasText(fields, 'root_cause') && 'no root cause',
      !hasText(fields, 'resolution') && 'no resolution',
      !Array.isArray(fields?.action_items) && 'no list of action items',
      POSTMORTEM_SECTIONS.some((name) => String(fields?.[name] ?? '').includes(OWNER_PROMPT)) && `signed with the draft's "${OWNER_PROMPT}" still in it`,
    );
  },
};
