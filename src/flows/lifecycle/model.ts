import type { EscalationTiming, Settings } from '../../config-schema.ts';
import { slugify } from '../../evidence/path-schema.ts';
import type { ChecklistRow, ChecklistType, StepRow } from '../../store/checklists.ts';
import type { RequestRow } from '../../store/requests.ts';

export const ONBOARDING_KIND = 'onboarding-step';
export const OFFBOARDING_KIND = 'offboarding-step';

export function requestKindOf(type: ChecklistType): string {
  return type === 'onboarding' ? ONBOARDING_KIND : OFFBOARDING_KIND;
}

/** What an HR event (or an admin's command) says happened, whatever shape it arrived in. */
export interface HrEvent {
  source: 'hr' | 'gusto' | 'rippling' | 'slack';
  eventId: string;
  type: 'hired' | 'start_date_changed' | 'terminated';
  person: HrPersonFacts;
}

export interface HrPersonFacts {
  /** Null when the event names the person only by the HR system's ID (Gusto, Rippling). */
  email: string | null;
  name: string | null;
  managerEmail: string | null;
  department: string | null;
  hrId: string | null;
  /** YYYY-MM-DD. */
  startDate: string | null;
  /** ISO instant. */
  terminationAt: string | null;
  /** Account IDs per system ID, for systems whose accounts carry no email. */
  accounts: Record<string, string>;
}

/** What a checklist step's request carries, frozen when the request is created. */
export interface StepPayload {
  checklistId: string;
  stepKey: string;
  type: ChecklistType;
  stepKind: StepRow['kind'];
  personName: string;
  personEmail: string;
  system: string | null;
  dueAt: string;
  /** Why the step was asked again (verification found the account still there). */
  reopened: string | null;
}

export function stepPayloadOf(request: RequestRow): StepPayload {
  return JSON.parse(request.payload) as StepPayload;
}

const HOUR = 3_600_000;
/** However late a step is created, its owner gets this long before the manager hears. */
const MIN_LEAD_MS = HOUR;

/**
 * A step's timers follow its own due time: the first reminder one reminder-interval before it is
 * due, the manager when it is overdue, the channel after the kind's manager-to-channel gap.
 */
export function stepTiming(request: RequestRow, base: EscalationTiming): EscalationTiming {
  const payload = stepPayloadOf(request);
  const askedAt = Date.parse(request.asked_at ?? request.created_at);
  const untilDue = Math.max(0, Date.parse(payload.dueAt) - askedAt);
  const escalateAfter = Math.max(untilDue, MIN_LEAD_MS);
  const remindAfter = Math.min(escalateAfter, Math.max(untilDue - base.remindAfter, Math.min(base.remindAfter, escalateAfter)));
  return { remindAfter, remindEvery: base.remindEvery, escalateAfter, channelAfter: escalateAfter + Math.max(0, base.channelAfter - base.escalateAfter) };
}

const EVENT_CONTROLS: Record<ChecklistType, string[]> = { onboarding: ['CC1.4', 'CC6.2'], offboarding: ['CC6.2', 'CC6.3'] };

/** A step's controls: its own, or the event's defaults that are in scope. */
export function controlsFor(settings: Settings, type: ChecklistType, own: string[] | undefined): string[] {
  const scope = new Set(settings.controls);
  return (own ?? EVENT_CONTROLS[type]).filter((control) => scope.has(control));
}

/** The controls the checklist as a whole is filed under: every step's, in scope. */
export function checklistControls(settings: Settings, type: ChecklistType, steps: StepRow[]): string[] {
  const all = new Set([...controlsFor(settings, type, undefined), ...steps.flatMap((step) => JSON.parse(step.controls) as string[])]);
  return settings.controls.filter((control) => all.has(control));
}

export function subjectOf(checklist: Pick<ChecklistRow, 'name' | 'email'>): string {
  try {
    return slugify(checklist.name);
  } catch {
    return slugify(checklist.email.replace(/@.*/, ''));
  }
}

export function typeLabel(type: ChecklistType): string {
  return type === 'onboarding' ? 'Onboarding' : 'Offboarding';
}

export function isFinished(step: Pick<StepRow, 'state'>): boolean {
  return step.state === 'done' || step.state === 'not_applicable';
}
