import { dirtyChecklists, messageSynced, touchStaleMessages, stepsOf, verificationsOf, type ChecklistRow } from '../../store/checklists.ts';
import { getRequest } from '../../store/requests.ts';
import { checklistMessage, type ChecklistMessageModel } from '../../../views/checklist.ts';
import type { FlowDeps } from '../deps.ts';
import type { DiscoveryEntry, SystemCheck } from './listing.ts';
import { roleOwner } from './templates.ts';

export function messageModel(deps: FlowDeps, checklist: ChecklistRow): ChecklistMessageModel {
  const { db, clock, settings } = deps;
  const latest = verificationsOf(db, checklist.id).at(-1);
  return {
    checklistId: checklist.id,
    type: checklist.type,
    name: checklist.name,
    email: checklist.email,
    department: checklist.department,
    manager: { slackId: checklist.manager_slack_id, email: checklist.manager_email, fallback: roleOwner(settings, settings.lifecycle.unknownManager) },
    eventAt: checklist.event_at,
    state: checklist.state,
    startedBy: checklist.started_by,
    steps: stepsOf(db, checklist.id).map((step) => ({
      title: step.title,
      state: step.state,
      assignee: step.assignee,
      dueAt: step.due_at,
      doneAt: step.done_at,
      doneBy: step.done_by,
      waitingFor: step.waiting_for,
      note: step.note,
      escalated: step.state === 'open' && step.request_id !== null && getRequest(db, step.request_id)?.state === 'escalated',
    })),
    discovery: checklist.discovery ? (JSON.parse(checklist.discovery) as DiscoveryEntry[]) : checklist.type === 'offboarding' ? null : [],
    lastCheck: latest ? { at: latest.at, clean: latest.clean === 1, systems: JSON.parse(latest.results) as SystemCheck[] } : null,
    artifactId: checklist.artifact_id,
    completedAt: checklist.completed_at,
    now: clock.now().toISOString(),
  };
}

/**
 * Posts each changed checklist to its channel, or updates the message already there. A message
 * Slack refuses stays marked and is tried again on the next pass.
 */
export async function syncMessages(deps: FlowDeps): Promise<number> {
  const { db, slack, logger } = deps;
  let sent = 0;
  touchStaleMessages(db, deps.clock.now().toISOString());
  for (const checklist of dirtyChecklists(db)) {
    const seen = checklist.message_dirty;
    if (!checklist.channel) {
      messageSynced(db, checklist.id, seen, { at: deps.clock.now().toISOString() });
      continue;
    }
    const content = checklistMessage(messageModel(deps, checklist));
    try {
      if (checklist.message_ts) {
        await slack.updateMessage(checklist.channel, checklist.message_ts, content);
        messageSynced(db, checklist.id, seen, { at: deps.clock.now().toISOString() });
      } else {
        const posted = await slack.postMessage(checklist.channel, content);
        messageSynced(db, checklist.id, seen, { at: deps.clock.now().toISOString(), message_ts: posted.ts });
      }
      sent += 1;
    } catch (error) {
      logger.warn('could not post the checklist message; will retry', { checklistId: checklist.id }, error);
    }
  }
  return sent;
}
