import { hrEvent, hrPerson, hrPersonByHrId, openChecklist, recordHrEvent, stepsOf, updateChecklist, upsertHrPerson, touchChecklist, type ChecklistRow } from '../../store/checklists.ts';
import { escapeMrkdwn } from '../../../views/text.ts';
import type { FlowDeps } from '../deps.ts';
import type { HrEvent, HrPersonFacts } from './model.ts';
import { slackIdByEmail } from './people.ts';
import { createChecklist } from './start.ts';
import { cancelChecklist, rescheduleStep } from './step-requests.ts';
import { dueAt, effectiveDate, startInstant, templateFor, terminationInstant } from './templates.ts';

export type ReceiveResult =
  | { status: 'handled'; outcome: 'onboarding-started' | 'offboarding-started' | 'start-date-changed' | 'already-open'; checklistId: string; managerFound: boolean }
  | { status: 'duplicate'; outcome: string; checklistId: string | null }
  | { status: 'ignored'; reason: string };

interface Resolved {
  email: string;
  name: string;
  facts: HrPersonFacts;
  personSlackId: string | null;
  managerEmail: string | null;
  managerSlackId: string | null;
}

/**
 * An HR event (or an admin's command): the person's HR record is updated, and the matching
 * checklist starts, moves, or is found already open. Slack is asked who the person and their
 * manager are before anything is written, so a Slack outage writes nothing and the sender's
 * retry is safe; a redelivered event ID changes nothing.
 */
export async function receiveHrEvent(deps: FlowDeps, event: HrEvent): Promise<ReceiveResult> {
  const { db, clock, logger } = deps;
  const seen = hrEvent(db, event.source, event.eventId);
  if (seen) return { status: 'duplicate', outcome: seen.outcome, checklistId: seen.checklist_id };
  const resolved = await resolve(deps, event);
  const at = clock.now().toISOString();
  if (!resolved) {
    const reason = `${event.source} event ${event.type} names HR ID ${event.person.hrId ?? 'none'} and no email, and no earlier event told evidence-bot who that is`;
    // Recorded, so the sender's retries do not alert again; the compliance team is told once.
    if (recordHrEvent(db, { source: event.source, eventId: event.eventId, type: event.type, email: null, outcome: 'unmatched', checklistId: null }, at)) await reportUnmatched(deps, event, reason);
    logger.warn('HR event not matched to a person', { source: event.source, eventId: event.eventId, type: event.type });
    return { status: 'ignored', reason };
  }
  const result = db.transaction((): ReceiveResult => {
    // A concurrent delivery of the same event may have committed while Slack was asked.
    const again = hrEvent(db, event.source, event.eventId);
    if (again) return { status: 'duplicate', outcome: again.outcome, checklistId: again.checklist_id };
    const handled = apply(deps, event, resolved, at);
    recordHrEvent(db, { source: event.source, eventId: event.eventId, type: event.type, email: resolved.email, outcome: handled.outcome, checklistId: handled.checklistId }, at);
    return handled;
  })();
  logger.info('HR event received', { source: event.source, eventId: event.eventId, type: event.type, ...('outcome' in result ? { outcome: result.outcome } : {}) });
  return result;
}

async function resolve(deps: FlowDeps, event: HrEvent): Promise<Resolved | null> {
  const known = event.person.email ? hrPerson(deps.db, event.person.email) : event.person.hrId ? hrPersonByHrId(deps.db, event.person.hrId) : undefined;
  const email = (event.person.email ?? known?.email)?.toLowerCase();
  if (!email) return null;
  const name = event.person.name ?? known?.name ?? email;
  const personSlackId = await slackIdByEmail(deps, email, { includeDeactivated: event.type === 'terminated' });
  const managerEmail = (event.person.managerEmail ?? known?.manager_email)?.toLowerCase() ?? null;
  let managerSlackId = managerEmail ? await slackIdByEmail(deps, managerEmail) : null;
  // Without an email from HR, the config's `managers` map (or an earlier HR record) may know.
  if (!managerEmail && personSlackId) managerSlackId = deps.directory.managerOf(personSlackId);
  if (personSlackId) await deps.directory.person(personSlackId).catch(() => null);
  if (managerSlackId) await deps.directory.person(managerSlackId).catch(() => null);
  return { email, name, facts: { ...event.person, department: event.person.department ?? known?.department ?? null }, personSlackId, managerEmail, managerSlackId };
}

function apply(deps: FlowDeps, event: HrEvent, who: Resolved, at: string): { status: 'handled'; outcome: Extract<ReceiveResult, { status: 'handled' }>['outcome']; checklistId: string; managerFound: boolean } {
  const { db, settings } = deps;
  const { facts } = who;
  const managerFound = !who.managerEmail || who.managerSlackId !== null;
  const base = { email: who.email, name: who.name, managerEmail: who.managerEmail, department: facts.department, hrId: facts.hrId, slackId: who.personSlackId };
  const common = { email: who.email, name: who.name, department: facts.department, hrId: facts.hrId, personSlackId: who.personSlackId, managerEmail: who.managerEmail, managerSlackId: who.managerSlackId, accounts: facts.accounts, startedBy: startedBy(event) };

  if (event.type === 'terminated') {
    const terminationAt = terminationInstant(facts.terminationAt ?? at, settings.timezone);
    upsertHrPerson(db, { ...base, status: 'terminated', startDate: null, terminatedAt: terminationAt }, at);
    const onboarding = openChecklist(db, 'onboarding', who.email);
    if (onboarding) cancelChecklist(deps, onboarding.id, 'cancelled: HR reported the person terminated');
    const existing = openChecklist(db, 'offboarding', who.email);
    if (existing) return { status: 'handled', outcome: 'already-open', checklistId: existing.id, managerFound };
    const checklist = createChecklist(deps, { ...common, type: 'offboarding', eventAt: terminationAt });
    return { status: 'handled', outcome: 'offboarding-started', checklistId: checklist.id, managerFound };
  }

  const startDate = facts.startDate ?? effectiveDate(at, settings.timezone);
  upsertHrPerson(db, { ...base, status: 'hired', startDate, terminatedAt: null }, at);
  const existing = openChecklist(db, 'onboarding', who.email);
  if (existing) {
    const eventAt = startInstant(startDate, settings.timezone);
    if (existing.event_at === eventAt) return { status: 'handled', outcome: 'already-open', checklistId: existing.id, managerFound };
    moveStart(deps, existing, eventAt);
    return { status: 'handled', outcome: 'start-date-changed', checklistId: existing.id, managerFound };
  }
  const checklist = createChecklist(deps, { ...common, type: 'onboarding', eventAt: startInstant(startDate, settings.timezone) });
  return { status: 'handled', outcome: 'onboarding-started', checklistId: checklist.id, managerFound };
}

/** A new start date moves every unfinished step's due time (and so its reminders) with it. */
function moveStart(deps: FlowDeps, checklist: ChecklistRow, eventAt: string): void {
  const { db, settings } = deps;
  const template = new Map(templateFor(settings, checklist.type, checklist.department).map((step) => [step.key, step]));
  updateChecklist(db, checklist.id, { event_at: eventAt, effective_date: effectiveDate(eventAt, settings.timezone) });
  for (const step of stepsOf(db, checklist.id)) {
    const config = template.get(step.step_key);
    const offset = config ? config.due : Date.parse(step.due_at) - Date.parse(checklist.event_at);
    rescheduleStep(deps, checklist.id, step.step_key, dueAt(eventAt, offset));
  }
  touchChecklist(db, checklist.id);
}

function startedBy(event: HrEvent): string {
  if (event.source === 'slack') return event.eventId.split(':')[1] ?? 'an admin';
  return `${event.source === 'hr' ? 'HR' : event.source === 'gusto' ? 'Gusto' : 'Rippling'} event ${event.eventId}`.slice(0, 200);
}

async function reportUnmatched(deps: FlowDeps, event: HrEvent, reason: string): Promise<void> {
  const channel = deps.settings.complianceChannel;
  if (!channel || event.type !== 'terminated') return;
  await deps.slack
    .postMessage(channel, { text: `:warning: An HR termination could not be matched to a person: ${escapeMrkdwn(reason)}. Start the offboarding by hand with /evidence offboard <email>.` })
    .catch((error: unknown) => deps.logger.warn('could not report an unmatched HR event', error));
}
