import { z } from 'zod';
import { newId } from '../../ids.ts';
import { addIncidentEvent, incidentByExternalId, insertIncident } from '../../store/incidents.ts';
import { stmt } from '../../store/statements.ts';
import { INCIDENT_IDS, reportModal } from '../../../views/incident.ts';
import type { FlowDeps } from '../deps.ts';
import { elementState, inputBlock, parseFormValues, staticSelect, textInput } from './form-state.ts';

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];

/** Opens the "Log an incident" form, from `/evidence incident <title>` or the message shortcut. */
export async function openReport(deps: FlowDeps, input: { triggerId: string; title: string; channel: string | null; messageTs: string | null }): Promise<void> {
  await deps.slack.openView(input.triggerId, reportModal({ title: input.title, channel: input.channel, messageTs: input.messageTs, severities: SEVERITIES }));
}

const reportSchema = z.object({
  title: z.string().trim().min(3, 'Say in a few words what is happening.').max(500),
  severity: z.enum(SEVERITIES as [string, ...string[]], { error: 'Choose a severity.' }),
  service: z.string().trim().max(100).nullable(),
});

// Lengths as the modal's own max_length: Slack never sends more.
const shape = {
  [INCIDENT_IDS.reportTitleBlock]: inputBlock(INCIDENT_IDS.reportTitleAction, textInput(500)),
  [INCIDENT_IDS.reportSeverityBlock]: inputBlock(INCIDENT_IDS.reportSeverityAction, staticSelect),
  [INCIDENT_IDS.reportServiceBlock]: inputBlock(INCIDENT_IDS.reportServiceAction, textInput(100)),
};

/** Where the form was opened: a channel (and a message, for the shortcut), as Slack names them. */
const sourceSchema = z.object({
  channel: z.string().regex(/^[CDG][A-Z0-9]{2,31}$/).nullable(),
  messageTs: z.string().regex(/^\d{1,12}\.\d{1,8}$/).nullable(),
});

/** The report form is opened by a command or a shortcut, not a DM button: its own way back. */
const DAMAGED_REPORT = 'This form is damaged. Close it and log the incident again with /evidence incident or “Log as incident” on the message.';

function sourceOf(privateMetadata: string): z.infer<typeof sourceSchema> | null {
  try {
    return sourceSchema.parse(JSON.parse(privateMetadata));
  } catch {
    return null;
  }
}

/**
 * An incident logged in Slack: its reporter is its on-call, and it gets the same resolution
 * prompt and postmortem as one from PagerDuty. The reference is INC-<date>-<n>.
 */
export async function submitReport(deps: FlowDeps, input: { userId: string; values: unknown; privateMetadata: string; viewId: string }): Promise<{ kind: 'logged' | 'duplicate'; incidentId: string; number: string } | { kind: 'errors'; errors: Record<string, string> }> {
  const { db, clock } = deps;
  const source = sourceOf(input.privateMetadata);
  if (!source) return { kind: 'errors', errors: { [INCIDENT_IDS.reportTitleBlock]: DAMAGED_REPORT } };
  const form = parseFormValues(shape, input.values, INCIDENT_IDS.reportTitleBlock, DAMAGED_REPORT);
  if (!form.ok) return { kind: 'errors', errors: form.errors };
  const parsed = reportSchema.safeParse({
    title: elementState(form.state, INCIDENT_IDS.reportTitleBlock, INCIDENT_IDS.reportTitleAction)?.value ?? '',
    severity: elementState(form.state, INCIDENT_IDS.reportSeverityBlock, INCIDENT_IDS.reportSeverityAction)?.selected_option?.value ?? '',
    service: elementState(form.state, INCIDENT_IDS.reportServiceBlock, INCIDENT_IDS.reportServiceAction)?.value?.trim() || null,
  });
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] === 'severity' ? INCIDENT_IDS.reportSeverityBlock : issue.path[0] === 'service' ? INCIDENT_IDS.reportServiceBlock : INCIDENT_IDS.reportTitleBlock] = issue.message;
    return { kind: 'errors', errors };
  }
  const now = clock.now().toISOString();
  const day = now.slice(0, 10).replace(/-/g, '');
  // Through the writer: on disk before the modal closes, like every submission.
  return deps.writer.run(() => {
    // The form's view ID names the report: the same submission delivered twice logs one incident.
    const already = incidentByExternalId(db, 'slack', input.viewId);
    if (already) return { kind: 'duplicate' as const, incidentId: already.id, number: already.number };
    const sameDay = stmt(db, "SELECT COUNT(*) FROM incidents WHERE source = 'slack' AND number LIKE ?").pluck().get(`INC-${day}-%`) as number;
    const number = `INC-${day}-${sameDay + 1}`;
    const id = newId();
    insertIncident(db, {
      id,
      source: 'slack',
      external_id: input.viewId,
      number,
      title: parsed.data.title,
      severity: parsed.data.severity,
      service: parsed.data.service,
      url: null,
      status: 'triggered',
      created_at: now,
      triggered_at: now,
      acknowledged_at: now,
      resolved_at: null,
      assignees: '[]',
      oncall: null,
      oncall_source: null,
      reported_by: input.userId,
      captured_at: now,
      channel: null,
      channel_ts: null,
      resolution_request_id: null,
      postmortem_request_id: null,
    });
    addIncidentEvent(db, id, now, 'triggered', `logged in Slack by <@${input.userId}>${source.channel && source.messageTs ? ` from message ${source.messageTs} in <#${source.channel}>` : ''}`);
    return { kind: 'logged' as const, incidentId: id, number };
  });
}
