import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { openButtonBlock } from './requests.ts';
import { escapeMrkdwn, fallbackText, mrkdwn, plain, slackDate, truncate } from './text.ts';

export const INCIDENT_IDS = {
  resolutionCallback: 'incident.resolution',
  narrativeBlock: 'res.narrative',
  narrativeAction: 'res.narrative.text',
  rootBlock: 'res.root',
  rootAction: 'res.root.text',
  impactBlock: 'res.impact',
  impactAction: 'res.impact.select',
  impactDetailsBlock: 'res.impact_details',
  impactDetailsAction: 'res.impact_details.text',
  detectedBlock: 'res.detected',
  detectedAction: 'res.detected.at',
  resolvedBlock: 'res.resolved',
  resolvedAction: 'res.resolved.at',
  followUpTextBlock: (n: number) => `res.fu.${n}.text`,
  followUpOwnerBlock: (n: number) => `res.fu.${n}.owner`,
  followUpTextAction: 'res.fu.text',
  followUpOwnerAction: 'res.fu.owner',
  reportCallback: 'incident.report',
  reportTitleBlock: 'report.title',
  reportTitleAction: 'report.title.text',
  reportSeverityBlock: 'report.severity',
  reportSeverityAction: 'report.severity.select',
  reportServiceBlock: 'report.service',
  reportServiceAction: 'report.service.text',
  logShortcut: 'log_incident',
} as const;

export const FOLLOW_UP_ROWS = 3;

export interface IncidentSummary {
  number: string;
  title: string;
  source: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  severity: string | null;
  service: string | null;
  url: string | null;
  triggeredAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  oncall: string | null;
}

const STATUS_ICON = { triggered: ':red_circle:', acknowledged: ':large_orange_circle:', resolved: ':large_green_circle:' } as const;

function headline(incident: IncidentSummary): string {
  const title = escapeMrkdwn(truncate(incident.title, 300));
  const link = incident.url ? `<${incident.url}|${escapeMrkdwn(incident.number)}>` : escapeMrkdwn(incident.number);
  return `${link}: *${title}*`;
}

/** The incident's post in the incidents channel, updated as it moves on. */
export function incidentChannelMessage(incident: IncidentSummary): { text: string; blocks: KnownBlock[] } {
  const facts = [
    `${STATUS_ICON[incident.status]} ${incident.status}`,
    incident.severity ? `severity ${escapeMrkdwn(incident.severity)}` : null,
    incident.service ? `service ${escapeMrkdwn(incident.service)}` : null,
    incident.oncall ? `on-call <@${incident.oncall}>` : 'on-call unknown',
    `from ${escapeMrkdwn(incident.source)}`,
  ].filter(Boolean);
  const times = [`triggered ${slackDate(incident.triggeredAt)}`, incident.acknowledgedAt ? `acknowledged ${slackDate(incident.acknowledgedAt)}` : null, incident.resolvedAt ? `resolved ${slackDate(incident.resolvedAt)}` : null].filter(Boolean);
  return {
    text: fallbackText(`${incident.number} ${incident.status}: ${incident.title}`),
    blocks: [
      { type: 'section', text: mrkdwn(truncate(headline(incident), 3000)) },
      { type: 'context', elements: [mrkdwn(truncate(facts.join(' · '), 3000)), mrkdwn(truncate(times.join(' · '), 3000))] },
    ],
  };
}

export function resolutionAskMessage(requestId: string, incident: IncidentSummary): { text: string; blocks: KnownBlock[] } {
  const when = incident.resolvedAt ? `resolved ${slackDate(incident.resolvedAt)}` : `still ${incident.status}`;
  return {
    text: fallbackText(`What was the resolution of ${incident.number}: ${incident.title}?`),
    blocks: [
      { type: 'section', text: mrkdwn(truncate(`:rotating_light: ${headline(incident)} (${when}).\n*What was the resolution?* Root cause, customer impact and follow-ups, while you still remember them.`, 3000)) },
      openButtonBlock(requestId, 'Write the resolution'),
    ],
  };
}

const IMPACT = (options: Record<string, string>): PlainTextOption[] => Object.entries(options).map(([value, text]) => ({ text: plain(text, 75), value }));

function unix(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}

/** The resolution form: narrative, root cause, impact, detection and resolution times, follow-ups with owners. */
export function resolutionModal(input: { requestId: string; incident: IncidentSummary; impactOptions: Record<string, string>; now: string }): ModalView {
  const { incident } = input;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(truncate(headline(incident), 3000)) },
    { type: 'input', block_id: INCIDENT_IDS.narrativeBlock, label: plain('What happened, and how was it resolved?', 2000), element: { type: 'plain_text_input', action_id: INCIDENT_IDS.narrativeAction, multiline: true, max_length: 3000 } },
    { type: 'input', block_id: INCIDENT_IDS.rootBlock, label: plain('Root cause', 2000), element: { type: 'plain_text_input', action_id: INCIDENT_IDS.rootAction, multiline: true, max_length: 3000 } },
    { type: 'input', block_id: INCIDENT_IDS.impactBlock, label: plain('Customer impact', 2000), element: { type: 'static_select', action_id: INCIDENT_IDS.impactAction, options: IMPACT(input.impactOptions) } },
    { type: 'input', block_id: INCIDENT_IDS.impactDetailsBlock, optional: true, label: plain('Impact details (who, how many, how long)', 2000), element: { type: 'plain_text_input', action_id: INCIDENT_IDS.impactDetailsAction, multiline: true, max_length: 2000 } },
    { type: 'input', block_id: INCIDENT_IDS.detectedBlock, label: plain('Detected at', 2000), element: { type: 'datetimepicker', action_id: INCIDENT_IDS.detectedAction, initial_date_time: unix(incident.triggeredAt) } },
    { type: 'input', block_id: INCIDENT_IDS.resolvedBlock, label: plain('Resolved at', 2000), element: { type: 'datetimepicker', action_id: INCIDENT_IDS.resolvedAction, initial_date_time: unix(incident.resolvedAt ?? input.now) } },
    { type: 'section', text: mrkdwn('*Follow-up actions*: each goes to its owner as a request, tracked until done.') },
  ];
  for (let n = 0; n < FOLLOW_UP_ROWS; n += 1) {
    blocks.push(
      { type: 'input', block_id: INCIDENT_IDS.followUpTextBlock(n), optional: true, label: plain(`Action ${n + 1}`, 2000), element: { type: 'plain_text_input', action_id: INCIDENT_IDS.followUpTextAction, max_length: 500 } },
      { type: 'input', block_id: INCIDENT_IDS.followUpOwnerBlock(n), optional: true, label: plain(`Owner of action ${n + 1}`, 2000), element: { type: 'users_select', action_id: INCIDENT_IDS.followUpOwnerAction } },
    );
  }
  return {
    type: 'modal',
    callback_id: INCIDENT_IDS.resolutionCallback,
    private_metadata: JSON.stringify({ requestId: input.requestId }),
    title: plain('Incident resolution', 24),
    submit: plain('Sign', 24),
    close: plain('Later', 24),
    blocks,
  };
}

/** `/evidence incident` and the "Log as incident" shortcut. */
export function reportModal(input: { title: string; channel: string | null; messageTs: string | null; severities: string[] }): ModalView {
  return {
    type: 'modal',
    callback_id: INCIDENT_IDS.reportCallback,
    private_metadata: JSON.stringify({ channel: input.channel, messageTs: input.messageTs }),
    title: plain('Log an incident', 24),
    submit: plain('Log it', 24),
    close: plain('Cancel', 24),
    blocks: [
      { type: 'input', block_id: INCIDENT_IDS.reportTitleBlock, label: plain('What is happening?', 2000), element: { type: 'plain_text_input', action_id: INCIDENT_IDS.reportTitleAction, max_length: 500, ...(input.title ? { initial_value: truncate(input.title, 500) } : {}) } },
      { type: 'input', block_id: INCIDENT_IDS.reportSeverityBlock, label: plain('Severity', 2000), element: { type: 'static_select', action_id: INCIDENT_IDS.reportSeverityAction, options: input.severities.map((severity) => ({ text: plain(severity, 75), value: severity })) } },
      { type: 'input', block_id: INCIDENT_IDS.reportServiceBlock, optional: true, label: plain('Service', 2000), element: { type: 'plain_text_input', action_id: INCIDENT_IDS.reportServiceAction, max_length: 100 } },
    ],
  };
}
