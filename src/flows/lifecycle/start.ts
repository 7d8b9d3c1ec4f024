import { newId } from '../../ids.ts';
import { insertChecklist, insertWaitingStep, stepsOf, type ChecklistRow, type ChecklistType } from '../../store/checklists.ts';
import { setManager } from '../../store/people.ts';
import type { FlowDeps } from '../deps.ts';
import { controlsFor } from './model.ts';
import { advance } from './progress.ts';
import { openStepRequest } from './step-requests.ts';
import { assign, dueAt, effectiveDate, templateFor } from './templates.ts';

export interface NewChecklist {
  type: ChecklistType;
  email: string;
  name: string;
  department: string | null;
  hrId: string | null;
  personSlackId: string | null;
  managerEmail: string | null;
  managerSlackId: string | null;
  /** Start (onboarding, 09:00 on the start date) or termination time (offboarding). */
  eventAt: string;
  accounts: Record<string, string>;
  startedBy: string;
}

const DEFAULT_SLA_MS = 24 * 3_600_000;
const LOOKUP_EVERY_MS = 3_600_000;

/**
 * Opens a checklist from the templates: each step a person can be asked for now becomes a
 * request; the acknowledgments wait for the new hire's Slack account, the attestation for every
 * other step, and an offboarding's access steps for the listing of every connected system. Call
 * inside a transaction.
 */
export function createChecklist(deps: FlowDeps, input: NewChecklist): ChecklistRow {
  const { db, clock, settings } = deps;
  const now = clock.now().toISOString();
  const template = templateFor(settings, input.type, input.department);
  const access = template.find((step) => step.kind === 'access-removal');
  const checklist: ChecklistRow = {
    id: newId(),
    type: input.type,
    email: input.email.toLowerCase(),
    name: input.name,
    department: input.department,
    hr_id: input.hrId,
    person_slack_id: input.personSlackId,
    manager_email: input.managerEmail?.toLowerCase() ?? null,
    manager_slack_id: input.managerSlackId,
    event_at: input.eventAt,
    effective_date: effectiveDate(input.eventAt, settings.timezone),
    state: 'open',
    started_at: now,
    started_by: input.startedBy,
    accounts: JSON.stringify(input.accounts),
    discovery: null,
    discovered_at: input.type === 'onboarding' ? now : null,
    // Offboarding is verified at the access-removal deadline whatever else happens.
    verify_at: input.type === 'offboarding' ? dueAt(input.eventAt, access?.due ?? DEFAULT_SLA_MS) : null,
    next_lookup_at: input.type === 'onboarding' && !input.personSlackId ? new Date(clock.now().getTime() + LOOKUP_EVERY_MS).toISOString() : null,
    channel: settings.lifecycle.channel ?? settings.complianceChannel ?? null,
    message_ts: null,
    message_dirty: 1,
    message_synced_at: null,
    completed_at: null,
    artifact_id: null,
  };
  insertChecklist(db, checklist);
  if (input.personSlackId && input.managerSlackId) setManager(db, input.personSlackId, input.managerSlackId);
  template.forEach((config, index) => {
    // Access removal becomes one step per system once the systems have been listed.
    if (config.kind === 'access-removal') return;
    const assignment = assign(settings, config.owner, checklist);
    const waitingFor = config.kind === 'attestation' ? 'the other steps' : config.kind === 'acknowledgments' ? (input.personSlackId ? 'the acknowledgment request' : `${checklist.email} to join Slack`) : assignment.waitingFor;
    insertWaitingStep(db, {
      checklist_id: checklist.id,
      step_key: config.key,
      position: index * 10,
      kind: config.kind,
      title: config.title,
      owner: config.owner,
      system: null,
      assignee: config.kind === 'acknowledgments' ? input.personSlackId : assignment.assignee,
      request_id: null,
      due_at: dueAt(input.eventAt, config.due),
      controls: JSON.stringify(controlsFor(settings, input.type, config.controls)),
      needs: config.needs,
      waiting_for: waitingFor,
    });
  });
  for (const step of stepsOf(db, checklist.id)) {
    if (step.kind === 'task' && step.assignee) openStepRequest(deps, checklist, step, step.assignee);
  }
  advance(deps, checklist.id);
  deps.logger.info('checklist started', { checklistId: checklist.id, type: checklist.type, startedBy: input.startedBy });
  return checklist;
}
