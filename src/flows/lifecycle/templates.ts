import type { ChecklistStepConfig, Settings, SystemConfig } from '../../config-schema.ts';
import type { ChecklistRow, ChecklistType } from '../../store/checklists.ts';
import { zonedParts, zonedToInstant } from '../../schedule/zoned-time.ts';

/**
 * The steps of a checklist: the event's template, with the department's steps (matched without
 * case) replacing steps of the same key and adding the others before the attestation.
 */
export function templateFor(settings: Settings, type: ChecklistType, department: string | null): ChecklistStepConfig[] {
  const base = settings.lifecycle[type];
  const departmentKey = department ? Object.keys(settings.lifecycle.departments).find((name) => name.toLowerCase() === department.toLowerCase()) : undefined;
  const extra = departmentKey ? settings.lifecycle.departments[departmentKey]?.[type] : undefined;
  if (!extra) return base;
  const byKey = new Map(extra.map((step) => [step.key, step]));
  const merged = base.map((step) => byKey.get(step.key) ?? step);
  const added = extra.filter((step) => !base.some((candidate) => candidate.key === step.key));
  const attestation = merged.findIndex((step) => step.kind === 'attestation');
  if (attestation < 0) return [...merged, ...added];
  return [...merged.slice(0, attestation), ...added, ...merged.slice(attestation)];
}

/** Onboarding counts from 09:00 on the start date in the organization's zone. */
export function startInstant(startDate: string, timeZone: string): string {
  const [year, month, day] = startDate.split('-').map(Number) as [number, number, number];
  return zonedToInstant({ year, month, day, hour: 9, minute: 0 }, timeZone).toISOString();
}

/** A termination given as a date alone ends at 18:00 that day in the organization's zone. */
export function terminationInstant(value: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return zonedToInstant({ year, month, day, hour: 18, minute: 0 }, timeZone).toISOString();
  }
  return new Date(value).toISOString();
}

/** The calendar day of an instant in the organization's zone: the evidence period of the event. */
export function effectiveDate(at: string, timeZone: string): string {
  const parts = zonedParts(new Date(at), timeZone);
  return `${parts.year}-${String(parts.month).padStart(2, '0')}-${String(parts.day).padStart(2, '0')}`;
}

export function dueAt(eventAt: string, offsetMs: number): string {
  return new Date(Date.parse(eventAt) + offsetMs).toISOString();
}

export interface Assignment {
  assignee: string | null;
  /** Why nobody can be asked yet, for the checklist message. */
  waitingFor: string | null;
}

/** The first owner of a role, or the first admin when the role has none. */
export function roleOwner(settings: Settings, role: 'it' | 'security' | 'hr'): string | null {
  return settings.lifecycle.roles[role][0] ?? settings.admins[0] ?? null;
}

/** Who does a step: a role's owner, the person's manager (or the fallback), the new hire, or a named person. */
export function assign(settings: Settings, owner: string, checklist: Pick<ChecklistRow, 'manager_slack_id' | 'person_slack_id' | 'email'>): Assignment {
  const nobody = (role: string): Assignment => ({ assignee: null, waitingFor: `nobody to ask: set lifecycle.roles.${role} or admins in the config` });
  switch (owner) {
    case 'it':
    case 'security':
    case 'hr': {
      const assignee = roleOwner(settings, owner);
      return assignee ? { assignee, waitingFor: null } : nobody(owner);
    }
    case 'manager': {
      if (checklist.manager_slack_id) return { assignee: checklist.manager_slack_id, waitingFor: null };
      const fallback = roleOwner(settings, settings.lifecycle.unknownManager);
      return fallback ? { assignee: fallback, waitingFor: null } : nobody(settings.lifecycle.unknownManager);
    }
    case 'employee':
      return checklist.person_slack_id ? { assignee: checklist.person_slack_id, waitingFor: null } : { assignee: null, waitingFor: `${checklist.email} to join Slack` };
    default:
      return { assignee: owner, waitingFor: null };
  }
}

/** Who removes a leaver's access to a system: its owner, else IT, else its first reviewer. */
export function systemOwner(settings: Settings, system: SystemConfig): string {
  return system.owner ?? settings.lifecycle.roles.it[0] ?? system.reviewers[0]!;
}
