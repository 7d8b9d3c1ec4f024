import { createHmac } from 'node:crypto';
import type { Bot } from '../bot.ts';
import type { SlackDouble, SlackDriver } from '../slack-double/index.ts';
import { FOLLOW_UP_IDS } from '../../views/follow-up.ts';
import { INCIDENT_IDS } from '../../views/incident.ts';
import { POSTMORTEM_IDS, POSTMORTEM_SECTIONS, type PostmortemField } from '../../views/postmortem.ts';
import { openFromDm } from './slack-ui.ts';

/** PagerDuty's side of the demo: v3 webhook bodies, signed with the subscription's secret. */
export class DemoPagerDuty {
  constructor(
    private readonly bot: () => Bot,
    private readonly secret: string,
  ) {}

  async send(event: { id: string; type: 'incident.triggered' | 'incident.resolved'; at: string; incident: { id: string; number: number; title: string; service: string; assignee: { id: string; name: string } } }): Promise<number> {
    const { incident } = event;
    const body = JSON.stringify({
      event: {
        id: event.id,
        event_type: event.type,
        resource_type: 'incident',
        occurred_at: event.at,
        agent: { id: incident.assignee.id, summary: incident.assignee.name, type: 'user_reference' },
        client: { name: 'PagerDuty' },
        data: {
          id: incident.id,
          type: 'incident',
          self: `https://api.pagerduty.com/incidents/${incident.id}`,
          html_url: `https://example.pagerduty.com/incidents/${incident.id}`,
          number: incident.number,
          status: event.type === 'incident.resolved' ? 'resolved' : 'triggered',
          title: incident.title,
          created_at: event.at,
          service: { id: 'PSVC001', summary: incident.service, type: 'service_reference' },
          assignees: [{ id: incident.assignee.id, summary: incident.assignee.name, type: 'user_reference' }],
          priority: { id: 'PPRI001', summary: 'P2', type: 'priority_reference' },
          urgency: 'high',
        },
      },
    });
    const signature = createHmac('sha256', this.secret).update(body).digest('hex');
    const response = await fetch(`http://127.0.0.1:${this.bot().port}/webhooks/pagerduty`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-PagerDuty-Signature': `v1=${signature}` }, body });
    await response.text();
    return response.status;
  }
}

/** Sentry's side of the demo: an integration's issue webhooks, signed with its client secret. */
export class DemoSentry {
  constructor(
    private readonly bot: () => Bot,
    private readonly secret: string,
  ) {}

  async issue(action: 'created' | 'resolved', at: string): Promise<number> {
    const body = JSON.stringify({
      action,
      actor: { id: 'sentry', name: 'Sentry', type: 'application' },
      data: {
        issue: {
          id: '1170820242',
          shortId: 'FRONT-END-9',
          title: 'ReferenceError: blooopy is not defined',
          level: 'error',
          status: action === 'resolved' ? 'resolved' : 'unresolved',
          firstSeen: at,
          lastSeen: at,
          project: { id: '1', name: 'front-end', slug: 'front-end' },
          web_url: 'https://sentry.io/organizations/example-inc/issues/1170820242/',
          assignedTo: null,
        },
      },
      installation: { uuid: 'a8e5d37a-696c-4c54-adb5-b3f28d64c7de' },
    });
    const signature = createHmac('sha256', this.secret).update(body).digest('hex');
    const response = await fetch(`http://127.0.0.1:${this.bot().port}/webhooks/sentry`, { method: 'POST', headers: { 'content-type': 'application/json', 'Sentry-Hook-Resource': 'issue', 'Sentry-Hook-Signature': signature }, body });
    await response.text();
    return response.status;
  }
}

/** What on-call engineers do in the demo, through the driver, as Slack would send it. */
export class DemoIncidentActors {
  constructor(
    private readonly double: SlackDouble,
    private readonly driver: () => SlackDriver,
    private readonly bot: () => Bot,
  ) {}

  private requestOf(kind: string, userId: string): string {
    const id = this.bot().db.prepare("SELECT id FROM requests WHERE kind = ? AND assignee = ? AND state IN ('open', 'escalated') ORDER BY created_at LIMIT 1").pluck().get(kind, userId) as string | undefined;
    if (!id) throw new Error(`${userId} has no open ${kind} request`);
    return id;
  }

  private openFromDm(userId: string, requestId: string, callbackId: string) {
    return openFromDm(this.double, this.driver(), userId, requestId, callbackId);
  }

  /** The on-call answers "what was the resolution?". */
  async writeResolution(userId: string, answer: { narrative: string; rootCause: string; impact: string; impactDetails: string; detectedAt: string; resolvedAt: string; followUps: { text: string; owner: string }[] }): Promise<void> {
    const view = await this.openFromDm(userId, this.requestOf('incident-resolution', userId), INCIDENT_IDS.resolutionCallback);
    const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);
    const values: Record<string, Record<string, unknown>> = {
      [INCIDENT_IDS.narrativeBlock]: { [INCIDENT_IDS.narrativeAction]: { type: 'plain_text_input', value: answer.narrative } },
      [INCIDENT_IDS.rootBlock]: { [INCIDENT_IDS.rootAction]: { type: 'plain_text_input', value: answer.rootCause } },
      [INCIDENT_IDS.impactBlock]: { [INCIDENT_IDS.impactAction]: { type: 'static_select', selected_option: { value: answer.impact } } },
      [INCIDENT_IDS.impactDetailsBlock]: { [INCIDENT_IDS.impactDetailsAction]: { type: 'plain_text_input', value: answer.impactDetails } },
      [INCIDENT_IDS.detectedBlock]: { [INCIDENT_IDS.detectedAction]: { type: 'datetimepicker', selected_date_time: seconds(answer.detectedAt) } },
      [INCIDENT_IDS.resolvedBlock]: { [INCIDENT_IDS.resolvedAction]: { type: 'datetimepicker', selected_date_time: seconds(answer.resolvedAt) } },
    };
    answer.followUps.forEach((item, n) => {
      values[INCIDENT_IDS.followUpTextBlock(n)] = { [INCIDENT_IDS.followUpTextAction]: { type: 'plain_text_input', value: item.text } };
      values[INCIDENT_IDS.followUpOwnerBlock(n)] = { [INCIDENT_IDS.followUpOwnerAction]: { type: 'users_select', selected_user: item.owner } };
    });
    await this.submit(userId, view.id, values);
  }

  /** A follow-up owner marks their action done. */
  async markFollowUpDone(userId: string, note: string, link: string): Promise<void> {
    const view = await this.openFromDm(userId, this.requestOf('incident-follow-up', userId), FOLLOW_UP_IDS.callbackId);
    await this.submit(userId, view.id, {
      [FOLLOW_UP_IDS.noteBlock]: { [FOLLOW_UP_IDS.noteAction]: { type: 'plain_text_input', value: note } },
      [FOLLOW_UP_IDS.linkBlock]: { [FOLLOW_UP_IDS.linkAction]: { type: 'url_text_input', value: link } },
    });
  }

  /** The owner reads the postmortem draft, rewrites some sections, and signs. */
  async signPostmortem(userId: string, edits: Partial<Record<PostmortemField, string>>): Promise<void> {
    const view = await this.openFromDm(userId, this.requestOf('postmortem', userId), POSTMORTEM_IDS.callbackId);
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks as { block_id?: string; element?: { type: string; action_id: string; initial_value?: string; initial_user?: string } }[]) {
      if (!block.block_id || !block.element) continue;
      const field = POSTMORTEM_SECTIONS.find(([name]) => POSTMORTEM_IDS.sectionBlock(name) === block.block_id)?.[0];
      const value = field && edits[field] !== undefined ? edits[field] : block.element.initial_value;
      values[block.block_id] = { [block.element.action_id]: block.element.type === 'users_select' ? { type: 'users_select', selected_user: block.element.initial_user ?? null } : { type: block.element.type, value: value ?? null } };
    }
    await this.submit(userId, view.id, values);
  }

  private async submit(userId: string, viewId: string, values: Record<string, Record<string, unknown>>): Promise<void> {
    const reply = await this.driver().submitView(userId, viewId, values);
    const errors = (reply.json as { errors?: Record<string, string> } | undefined)?.errors;
    if (errors || reply.problems.length > 0) throw new Error(`the demo's submission was refused: ${JSON.stringify(errors ?? reply.problems)}`);
  }
}
