import { createHash } from 'node:crypto';
import { parseJsonBody } from '../http/json-body.ts';
import { z } from 'zod';
import { hrDateProblem, hrTimestampProblem } from '../flows/lifecycle/hr-dates.ts';
import type { HrEvent, HrPersonFacts } from '../flows/lifecycle/model.ts';

/**
 * The HR event schema (documented in the README), and the shapes of Gusto's and Rippling's
 * employee events mapped onto it. A parse either yields an event, says plainly why the body is
 * malformed or its dates implausible (refused), or says the event is one evidence-bot does not act on.
 */
export type ParsedHrBody =
  | { kind: 'event'; event: HrEvent }
  | { kind: 'ignored'; source: string; what: string; reason: string }
  | { kind: 'malformed'; reason: string }
  | { kind: 'refused'; reason: string };

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-04-15').refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'not a calendar date');
const instantOrDate = z.union([date, z.iso.datetime({ offset: true, error: 'expected an ISO time with a zone, such as 2026-04-10T17:00:00-04:00, or a date' })]);
const email = z.email('expected an email address').max(254);

const employeeSchema = z
  .object({
    id: z.string().min(1).max(200).optional(),
    name: z.string().trim().min(1).max(200),
    email,
    manager_email: email.nullish(),
    department: z.string().trim().min(1).max(120).nullish(),
    start_date: date.nullish(),
    termination_time: instantOrDate.nullish(),
    accounts: z.record(z.string().regex(/^[a-z0-9-]+$/, 'expected a system id'), z.string().min(1).max(200)).optional(),
  })
  .strict();

const nativeSchema = z
  .object({
    id: z.string().min(1, 'the event needs an id').max(200),
    type: z.enum(['hired', 'start_date_changed', 'terminated'], { error: 'expected type hired, start_date_changed or terminated' }),
    occurred_at: z.iso.datetime({ offset: true }).optional(),
    employee: employeeSchema,
  })
  .strict()
  .superRefine((event, ctx) => {
    if (event.type !== 'terminated' && !event.employee.start_date) ctx.addIssue({ code: 'custom', path: ['employee', 'start_date'], message: `a ${event.type} event needs the start date` });
    if (event.type === 'terminated' && !event.employee.termination_time) ctx.addIssue({ code: 'custom', path: ['employee', 'termination_time'], message: 'a terminated event needs the termination time' });
  });

type Employee = z.infer<typeof employeeSchema>;

function facts(employee: Employee | undefined, hrId: string | null): HrPersonFacts {
  return {
    email: employee?.email.toLowerCase() ?? null,
    name: employee?.name ?? null,
    managerEmail: employee?.manager_email?.toLowerCase() ?? null,
    department: employee?.department ?? null,
    hrId: employee?.id ?? hrId,
    startDate: employee?.start_date ?? null,
    terminationAt: employee?.termination_time ?? null,
    accounts: employee?.accounts ?? {},
  };
}

/** Why each of an employee's dates is implausible (null where it is not), by the name the sender gave it. */
function employeeDateProblems(employee: Partial<Employee> | undefined, now: Date): (string | null)[] {
  return [
    employee?.start_date ? hrDateProblem('employee.start_date', employee.start_date, 'start', now) : null,
    employee?.termination_time ? hrDateProblem('employee.termination_time', employee.termination_time, 'termination', now) : null,
  ];
}

/** A refusal naming every implausible date, or null when there is none. */
function refused(problems: (string | null)[]): ParsedHrBody | null {
  const reasons = problems.filter((problem): problem is string => problem !== null);
  return reasons.length > 0 ? { kind: 'refused', reason: reasons.join('; ') } : null;
}

function issues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
}

// Gusto: https://docs.gusto.com/app-integrations/docs/employee-events — uuid, event_type,
// entity_type "Employee", entity_uuid, timestamp (Unix seconds); no name or email.
const gustoSchema = z.object({
  uuid: z.string().min(1).max(200),
  event_type: z.string().min(1).max(100),
  entity_type: z.string().optional(),
  entity_uuid: z.string().min(1).max(200),
  timestamp: z.number().int().positive(),
  employee: employeeSchema.partial({ name: true }).optional(),
});
const GUSTO_TYPES: Record<string, HrEvent['type']> = {
  'employee.created': 'hired',
  'employee.rehired': 'hired',
  'employee.rehire_effective': 'hired',
  'employee.terminated': 'terminated',
  'employee.terminated_effective': 'terminated',
  'employee.termination_effective': 'terminated',
};

function fromGusto(body: unknown, now: Date): ParsedHrBody {
  const parsed = gustoSchema.safeParse(body);
  if (!parsed.success) return { kind: 'malformed', reason: `not a Gusto event: ${issues(parsed.error)}` };
  const event = parsed.data;
  const type = GUSTO_TYPES[event.event_type];
  if (!type || (event.entity_type && event.entity_type !== 'Employee')) return { kind: 'ignored', source: 'gusto', what: event.event_type, reason: `Gusto ${event.event_type} is not a hire or a termination` };
  // Checked before it becomes a date: a timestamp past the year 275760 makes toISOString throw.
  const implausible = refused([hrTimestampProblem('timestamp', event.timestamp, now), ...employeeDateProblems(event.employee, now)]);
  if (implausible) return implausible;
  const at = new Date(event.timestamp * 1000).toISOString();
  const employee = event.employee ? ({ name: event.employee.name ?? event.employee.email, ...event.employee } as Employee) : undefined;
  const person = facts(employee, event.entity_uuid);
  person.hrId = event.entity_uuid;
  if (type === 'hired') person.startDate ??= at.slice(0, 10);
  else person.terminationAt ??= at;
  return { kind: 'event', event: { source: 'gusto', eventId: event.uuid, type, person } };
}

// Rippling partner webhooks: form-encoded event_name, company_id and the employee's id; no person
// details. Event names are compared without case or punctuation (employee.hired = EMPLOYEE_HIRED).
const RIPPLING_TYPES: Record<string, HrEvent['type']> = { employeehired: 'hired', employeeterminated: 'terminated' };

function fromRippling(form: URLSearchParams, raw: Buffer): ParsedHrBody {
  const name = form.get('event_name');
  const id = form.get('id') ?? form.get('employee_id');
  if (!name) return { kind: 'malformed', reason: 'a form-encoded body must be a Rippling event with event_name' };
  const type = RIPPLING_TYPES[name.toLowerCase().replace(/[^a-z]/g, '')];
  if (!type) return { kind: 'ignored', source: 'rippling', what: name.slice(0, 100), reason: `Rippling ${name.slice(0, 100)} is not a hire or a termination` };
  if (!id) return { kind: 'malformed', reason: `Rippling ${name} names no employee id` };
  // Rippling sends no event ID; an identical body is the same delivery.
  const eventId = `rippling:${createHash('sha256').update(raw).digest('hex').slice(0, 32)}`;
  return { kind: 'event', event: { source: 'rippling', eventId, type, person: facts(undefined, id) } };
}

/** Reads an HR webhook body: the native schema, a Gusto event, or a Rippling partner event. `now` (the clock's) bounds its dates. */
export function parseHrBody(raw: Buffer, contentType: string | undefined, now: Date): ParsedHrBody {
  if ((contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) return fromRippling(new URLSearchParams(raw.toString('utf8')), raw);
  const json = parseJsonBody(raw);
  if (!json.ok) return { kind: 'malformed', reason: json.reason };
  const body = json.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { kind: 'malformed', reason: 'the body must be a JSON object' };
  if ('event_type' in body && 'entity_uuid' in body) return fromGusto(body, now);
  const parsed = nativeSchema.safeParse(body);
  if (!parsed.success) {
    const type = (body as { type?: unknown }).type;
    if (typeof type === 'string' && !['hired', 'start_date_changed', 'terminated'].includes(type) && 'id' in body) return { kind: 'ignored', source: 'hr', what: type.slice(0, 100), reason: `HR event type ${JSON.stringify(type.slice(0, 100))} is not handled` };
    return { kind: 'malformed', reason: issues(parsed.error) };
  }
  const event = parsed.data;
  const implausible = refused([event.occurred_at ? hrDateProblem('occurred_at', event.occurred_at, 'event', now) : null, ...employeeDateProblems(event.employee, now)]);
  if (implausible) return implausible;
  return { kind: 'event', event: { source: 'hr', eventId: event.id, type: event.type, person: facts(event.employee, null) } };
}
