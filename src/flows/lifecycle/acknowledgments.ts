import { startAcknowledgments } from '../acknowledgments/campaign.ts';
import { acknowledgmentKey, periodFor, versionsKey } from '../acknowledgments/model.ts';
import { acknowledgmentStepsToSync, getChecklist, hrPerson, openChecklists, stepsOf, updateChecklist, updateStep, upsertHrPerson, type ChecklistRow, type StepRow, touchChecklist } from '../../store/checklists.ts';
import { setManager } from '../../store/people.ts';
import { getRequest, type RequestRow } from '../../store/requests.ts';
import { stmt } from '../../store/statements.ts';
import type { FlowDeps } from '../deps.ts';
import { historyOf } from '../requests.ts';
import { advance } from './progress.ts';
import { recordStep } from './record.ts';

const LOOKUP_EVERY_MS = 3_600_000;

/**
 * Gives the new hire the acknowledgment flow's request (policies and training) for the year, and
 * ties the checklist step to it; the step completes when they sign. Someone who already signed the
 * current versions this year has the step done at once.
 */
export async function assignAcknowledgments(deps: FlowDeps, checklistId: string): Promise<void> {
  const { db, clock, settings } = deps;
  const checklist = getChecklist(db, checklistId);
  const step = checklist ? stepsOf(db, checklistId).find((candidate) => candidate.kind === 'acknowledgments') : undefined;
  if (!checklist || checklist.state !== 'open' || !step || step.state !== 'waiting' || !checklist.person_slack_id) return;
  const slackId = checklist.person_slack_id;
  const now = clock.now().toISOString();
  if (settings.policies.length === 0 && !settings.acknowledgments.training) {
    db.transaction(() => recordStep(deps, systemOutcome(checklist, step, now, 'No policies or training are configured (policies, acknowledgments.training), so there is nothing to acknowledge.')))();
    return;
  }
  const period = periodFor(clock.now(), settings.timezone);
  await startAcknowledgments(deps, { period, userIds: [slackId], reason: `onboarding of ${checklist.name}` });
  const request = stmt(db, 'SELECT * FROM requests WHERE dedupe_key = ?').get(acknowledgmentKey(period, slackId, versionsKey(settings))) as RequestRow | undefined;
  db.transaction(() => {
    const current = stepsOf(db, checklistId).find((candidate) => candidate.step_key === step.step_key);
    if (!current || current.state !== 'waiting') return;
    if (!request) {
      const why = settings.acknowledgments.exclude.includes(slackId) ? 'excluded from acknowledgments (acknowledgments.exclude)' : 'not an active full member of the workspace';
      recordStep(deps, systemOutcome(checklist, step, now, `${checklist.name} was not asked: ${why}.`));
      return;
    }
    updateStep(db, checklistId, step.step_key, { request_id: request.id, assignee: slackId, state: 'open', waiting_for: null });
    if (request.state === 'answered') completeFromRequest(deps, checklist, { ...step, request_id: request.id }, request);
    touchChecklist(db, checklistId);
  })();
}

/** The acknowledgment request was signed (done) or replaced by one for newer versions (relink). */
export function syncAcknowledgmentSteps(deps: FlowDeps): number {
  const { db } = deps;
  let changed = 0;
  for (const step of acknowledgmentStepsToSync(db)) {
    db.transaction(() => {
      const checklist = getChecklist(db, step.checklist_id);
      const request = getRequest(db, step.request_id!);
      if (!checklist || checklist.state !== 'open' || !request) return;
      if (request.state === 'answered') completeFromRequest(deps, checklist, step, request);
      else {
        const successor = stmt(db, "SELECT * FROM requests WHERE kind = ? AND assignee = ? AND state != 'cancelled' ORDER BY created_at DESC LIMIT 1").get(request.kind, request.assignee) as RequestRow | undefined;
        if (successor) updateStep(db, checklist.id, step.step_key, { request_id: successor.id });
        else updateStep(db, checklist.id, step.step_key, { state: 'waiting', request_id: null, waiting_for: 'the acknowledgment request' });
        touchChecklist(db, checklist.id);
      }
      changed += 1;
    })();
  }
  return changed;
}

function completeFromRequest(deps: FlowDeps, checklist: ChecklistRow, step: StepRow, request: RequestRow): void {
  recordStep(deps, {
    checklistId: checklist.id,
    stepKey: step.step_key,
    outcome: 'done',
    note: `Signed in the acknowledgment flow: ${request.title}.`,
    link: null,
    confirmed: true,
    at: request.answered_at ?? deps.clock.now().toISOString(),
    doneBy: request.answered_by,
    requestId: null,
    reopened: null,
    signer: null,
    history: historyOf(deps.db, request.id),
    acknowledgment: { request_id: request.id, artifact_id: request.artifact_id },
  });
}

function systemOutcome(checklist: ChecklistRow, step: StepRow, at: string, reason: string) {
  return { checklistId: checklist.id, stepKey: step.step_key, outcome: 'not_applicable' as const, note: reason, link: null, confirmed: false, at, doneBy: null, requestId: null, reopened: null, signer: null, history: [] };
}

/**
 * A new hire's Slack account is known (they joined, or a lookup by email found them): their
 * checklists learn it, their steps can be asked, and their acknowledgments assigned.
 */
export async function personJoined(deps: FlowDeps, slackId: string, email: string): Promise<string[]> {
  const { db, clock } = deps;
  const waiting = openChecklists(db, 'onboarding').filter((checklist) => !checklist.person_slack_id && checklist.email === email.toLowerCase());
  for (const checklist of waiting) {
    db.transaction(() => {
      updateChecklist(db, checklist.id, { person_slack_id: slackId, next_lookup_at: null });
      touchChecklist(db, checklist.id);
      const hr = hrPerson(db, checklist.email);
      if (hr) upsertHrPerson(db, { email: hr.email, name: hr.name, managerEmail: null, department: null, status: hr.status, startDate: null, terminatedAt: null, hrId: null, slackId }, clock.now().toISOString());
      if (checklist.manager_slack_id) setManager(db, slackId, checklist.manager_slack_id);
      const ack = stepsOf(db, checklist.id).find((step) => step.kind === 'acknowledgments' && step.state === 'waiting');
      if (ack) updateStep(db, checklist.id, ack.step_key, { assignee: slackId, waiting_for: 'the acknowledgment request' });
      advance(deps, checklist.id);
    })();
    await assignAcknowledgments(deps, checklist.id);
  }
  return waiting.map((checklist) => checklist.id);
}

/** New hires not yet found in Slack are looked up by email once an hour, in case their team_join was missed. */
export async function lookUpPendingHires(deps: FlowDeps, due: ChecklistRow[]): Promise<void> {
  const { db, clock, slack } = deps;
  for (const checklist of due) {
    try {
      const person = await slack.lookupByEmail(checklist.email);
      if (person && !person.deleted && !person.isBot) {
        await deps.directory.person(person.id);
        await personJoined(deps, person.id, checklist.email);
        continue;
      }
    } catch (error) {
      deps.logger.warn('could not look up a new hire in Slack', { checklistId: checklist.id }, error);
    }
    updateChecklist(db, checklist.id, { next_lookup_at: new Date(clock.now().getTime() + LOOKUP_EVERY_MS).toISOString() });
  }
}
