import { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { getChecklist, hrPerson, stepsOf } from '../../store/checklists.ts';
import type { FlowDeps } from '../deps.ts';
import { hrDateProblem } from './hr-dates.ts';
import type { HrEvent } from './model.ts';
import { receiveHrEvent } from './receive.ts';

const email = z.email();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const instant = z.union([date, z.iso.datetime({ offset: true })]);

export const LIFECYCLE_USAGE = {
  onboarding: '/evidence onboard <email> [start=YYYY-MM-DD] [manager=<email>] [department=<name>]',
  offboarding: '/evidence offboard <email> [at=YYYY-MM-DD or an ISO time] [manager=<email>]',
} as const;

/**
 * `/evidence onboard|offboard <email> [key=value…]`: an admin starts a checklist by hand. What
 * the command leaves out comes from HR's record of the person, then from their Slack profile.
 */
export async function startFromCommand(deps: FlowDeps, input: { type: 'onboarding' | 'offboarding'; args: string[]; userId: string }): Promise<string> {
  const [address, ...rest] = input.args;
  const usage = `Usage: ${LIFECYCLE_USAGE[input.type]}`;
  if (!address) throw new DomainError(`Whose ${input.type}? ${usage}`, 'usage');
  const target = address.replace(/^<mailto:([^|>]+)\|[^>]*>$/, '$1').toLowerCase();
  if (!email.safeParse(target).success) throw new DomainError(`${address} is not an email address. ${usage}`, 'usage');
  const options: Record<string, string> = {};
  for (const arg of rest) {
    const match = /^(start|at|manager|department)=(.+)$/.exec(arg);
    if (!match) throw new DomainError(`I do not understand "${arg}". ${usage}`, 'usage');
    options[match[1]!] = match[2]!.replace(/^<mailto:([^|>]+)\|[^>]*>$/, '$1');
  }
  if (options.start && (input.type !== 'onboarding' || !date.safeParse(options.start).success)) throw new DomainError(`start= takes a date such as 2026-04-15, for onboarding. ${usage}`, 'usage');
  if (options.at && (input.type !== 'offboarding' || !instant.safeParse(options.at).success)) throw new DomainError(`at= takes a date or an ISO time such as 2026-04-10T17:00:00Z, for offboarding. ${usage}`, 'usage');
  if (options.manager && !email.safeParse(options.manager).success) throw new DomainError(`manager= takes an email address. ${usage}`, 'usage');
  // The same bounds as HR's webhook: a typo such as at=9999-12-31 would otherwise file a checklist no timer can reach.
  const now = deps.clock.now();
  const implausible = (options.start ? hrDateProblem('start', options.start, 'start', now) : null) ?? (options.at ? hrDateProblem('at', options.at, 'termination', now) : null);
  if (implausible) throw new DomainError(`${implausible}. ${usage}`, 'usage');

  const known = hrPerson(deps.db, target);
  const profile = await deps.slack.lookupByEmail(target).catch(() => null);
  const event: HrEvent = {
    source: 'slack',
    eventId: `command:${input.userId}:${newId()}`,
    type: input.type === 'onboarding' ? 'hired' : 'terminated',
    person: {
      email: target,
      name: known?.name ?? profile?.name ?? null,
      managerEmail: options.manager ?? null,
      department: options.department ?? null,
      hrId: null,
      startDate: options.start ?? null,
      terminationAt: options.at ?? null,
      accounts: {},
    },
  };
  const result = await receiveHrEvent(deps, event);
  if (result.status !== 'handled') throw new DomainError('That did not start a checklist.', 'not_started');
  const checklist = getChecklist(deps.db, result.checklistId)!;
  if (result.outcome === 'already-open') return `${checklist.name} already has an open ${checklist.type} checklist (started ${checklist.started_at.slice(0, 10)}, \`${checklist.id}\`).`;
  const steps = stepsOf(deps.db, checklist.id);
  const managerNote = result.managerFound ? '' : ` The manager ${checklist.manager_email} is not in Slack: their steps go to the fallback owner, and the checklist says so.`;
  const where = checklist.channel ? ` The checklist is in <#${checklist.channel}>.` : '';
  if (result.outcome === 'start-date-changed') return `${checklist.name}'s start moved to ${checklist.effective_date}; every open step's due time moved with it.${where}`;
  const what = checklist.type === 'offboarding' ? 'Listing every connected system for their accounts now; an access step follows for each system that has one.' : `${steps.length} step(s).`;
  return `${checklist.type === 'onboarding' ? 'Onboarding' : 'Offboarding'} of ${checklist.name} started: ${what}${managerNote}${where}`;
}
