import { z } from 'zod';
import { isControlId } from './evidence/controls.ts';
import { SLUG_PATTERN } from './evidence/path-schema.ts';
import { isValidCron } from './schedule/cron.ts';
import { DEFAULT_OFFBOARDING_STEPS, DEFAULT_ONBOARDING_STEPS } from './flows/lifecycle/default-templates.ts';

const DURATION_UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "48h", "7d", "90m": durations in the YAML are written for people, used in milliseconds. */
export const duration = z
  .string()
  .regex(/^\d+(?:\.\d+)?[smhdw]$/, 'expected a duration such as 30m, 48h or 7d')
  .transform((text) => Math.round(Number.parseFloat(text) * DURATION_UNITS[text.slice(-1)]!));

export const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'expected a Slack user ID such as U012ABCDEF');
export const slackChannelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel ID such as C012ABCDEF');
const slug = z.string().regex(SLUG_PATTERN, 'expected a slug: lower-case a-z, 0-9 and "-"').max(64);
const controlId = z.string().refine(isControlId, {
  error: (issue) => `unknown control ID ${JSON.stringify(issue.input)}: expected a Trust Services Criterion such as CC6.1`,
});
const timeZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}: expected an IANA name such as Europe/Paris` },
);
const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day such as 09:00');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
/** A calendar date. YAML 1.1 readers may hand over a Date for an unquoted 2026-01-01: take its UTC day. */
const isoDay = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-01-01')
    .refine((day) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day, { error: (issue) => `${JSON.stringify(issue.input)} is not a real date` }),
);

const timing = {
  remindAfter: duration,
  remindEvery: duration,
  escalateAfter: duration,
  channelAfter: duration,
};
export const escalationTimingSchema = z.object({
  remindAfter: duration.default(48 * 3_600_000),
  remindEvery: duration.default(48 * 3_600_000),
  escalateAfter: duration.default(7 * 86_400_000),
  channelAfter: duration.default(10 * 86_400_000),
});
export type EscalationTiming = z.infer<typeof escalationTimingSchema>;

export const cadenceSchema = z.enum(['monthly', 'quarterly', 'semiannual', 'annual']);
export type Cadence = z.infer<typeof cadenceSchema>;

const cronExpression = z.string().refine(isValidCron, { error: (issue) => `${JSON.stringify(issue.input)} is not a cron expression (minute hour day-of-month month day-of-week)` });

const connectorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('slack') }),
  z.object({ type: z.literal('github'), org: z.string().min(1), apiUrl: z.url().optional() }),
  z.object({ type: z.literal('aws-iam'), region: z.string().default('us-east-1'), endpoint: z.url().optional() }),
  z.object({ type: z.literal('file'), path: z.string().min(1), format: z.enum(['json', 'csv']).optional() }),
]);

const systemSchema = z.object({
  id: slug,
  name: z.string().min(1).max(80),
  reviewers: z.array(slackUserId).min(1, 'at least one reviewer is required'),
  owner: slackUserId.optional(),
  cadence: cadenceSchema.default('quarterly'),
  /** Defaults to the access-review criteria that are in scope. */
  controls: z.array(controlId).min(1).optional(),
  connector: connectorSchema.optional(),
  /** Overrides the cadence's default day and time (cron, in `timezone`). */
  schedule: cronExpression.optional(),
  /** `reviewer`: the first reviewer signs for every account. `manager`: each account goes to its owner's manager. */
  routing: z.enum(['reviewer', 'manager']).default('reviewer'),
  /** When the system came into scope: no review is owed for periods that ended before it. */
  since: isoDay.optional(),
  /** Roles matching this regular expression are flagged as administrative. */
  adminRoles: z
    .string()
    .refine(
      (source) => {
        try {
          new RegExp(source, 'i');
          return true;
        } catch {
          return false;
        }
      },
      { error: 'not a valid regular expression' },
    )
    .optional(),
});

const trainingSchema = z.object({
  name: z.string().min(1).max(60),
  version: z.string().min(1).max(40),
  url: z.url(),
});


const policySchema = z.object({
  id: slug,
  name: z.string().min(1).max(120),
  version: z.string().min(1).max(40),
  url: z.url(),
  // A link can later serve other text; the hash says which text each person agreed to.
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'expected the SHA-256 of the published document: 64 hex digits, as `sha256sum policy.pdf` prints them')
    .transform((hash) => hash.toLowerCase())
    .optional(),
});

/** "-1d", "24h", "+7d": a step's due time relative to the start date or the termination time. */
const offset = z
  .string()
  .regex(/^[+-]?\d+(?:\.\d+)?[smhdw]$/, 'expected an offset such as 24h, -1d or 7d (before the event with "-")')
  .transform((text) => (text.startsWith('-') ? -1 : 1) * Math.round(Number.parseFloat(text.replace(/^[+-]/, '')) * DURATION_UNITS[text.slice(-1)]!));

export const LIFECYCLE_ROLES = ['it', 'security', 'hr'] as const;
export const STEP_OWNERS = [...LIFECYCLE_ROLES, 'manager', 'employee'] as const;

const checklistStepSchema = z
  .object({
    key: slug,
    title: z.string().min(1).max(150),
    /** A role (`it`, `security`, `hr` from `lifecycle.roles`), `manager`, `employee`, or a Slack user ID. */
    owner: z.string().refine((owner) => (STEP_OWNERS as readonly string[]).includes(owner) || slackUserId.safeParse(owner).success, { error: (issue) => `unknown owner ${JSON.stringify(issue.input)}: expected it, security, hr, manager, employee or a Slack user ID` }),
    /** From the start date (onboarding) or the termination time (offboarding). */
    due: offset,
    /** Defaults to the event's controls in scope: onboarding CC1.4, CC6.2; offboarding CC6.2, CC6.3. */
    controls: z.array(controlId).min(1).optional(),
    /** What the owner must give when marking it done. */
    needs: z.array(z.enum(['note', 'link'])).default([]),
    /** `access-removal` becomes one step per connected system where the person has an account. */
    kind: z.enum(['task', 'access-removal', 'acknowledgments', 'attestation']).default('task'),
  })
  .strict();
export type ChecklistStepConfig = z.infer<typeof checklistStepSchema>;

function checklistTemplate(event: 'onboarding' | 'offboarding') {
  return z.array(checklistStepSchema).superRefine((steps, ctx) => {
    const keys = new Set<string>();
    steps.forEach((step, index) => {
      if (keys.has(step.key)) ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `duplicate step key ${JSON.stringify(step.key)}` });
      keys.add(step.key);
      if (event === 'offboarding' && (step.kind === 'acknowledgments' || step.owner === 'employee')) ctx.addIssue({ code: 'custom', path: [index], message: 'a leaver has no steps of their own: acknowledgments and employee-owned steps are for onboarding' });
      if (event === 'onboarding' && step.kind === 'access-removal') ctx.addIssue({ code: 'custom', path: [index, 'kind'], message: 'access-removal steps are for offboarding' });
      if (step.kind === 'acknowledgments' && step.owner !== 'employee') ctx.addIssue({ code: 'custom', path: [index, 'owner'], message: 'the acknowledgments step belongs to the employee' });
    });
    for (const kind of ['attestation', 'access-removal', 'acknowledgments'] as const) {
      if (steps.filter((step) => step.kind === kind).length > 1) ctx.addIssue({ code: 'custom', path: [], message: `at most one ${kind} step per checklist` });
    }
  });
}

const lifecycleSchema = z
  .object({
    /** Where checklist messages are posted; the compliance channel by default. */
    channel: slackChannelId.optional(),
    /** Who does the steps of each role; the first is asked. */
    roles: z.object(Object.fromEntries(LIFECYCLE_ROLES.map((role) => [role, z.array(slackUserId).default([])])) as Record<(typeof LIFECYCLE_ROLES)[number], z.ZodDefault<z.ZodArray<typeof slackUserId>>>).strict().prefault({}),
    /** Whose owners take a manager's steps when the manager is unknown or not in Slack (then the first admin). */
    unknownManager: z.enum(LIFECYCLE_ROLES).default('hr'),
    /** How soon a failed or unclean offboarding verification runs again. */
    reverifyAfter: duration.default(6 * 3_600_000),
    onboarding: checklistTemplate('onboarding').prefault(DEFAULT_ONBOARDING_STEPS),
    offboarding: checklistTemplate('offboarding').prefault(DEFAULT_OFFBOARDING_STEPS),
    /** Per department (matched without case): steps added to, or replacing by key, the event's steps. */
    departments: z.record(z.string().min(1), z.object({ onboarding: checklistTemplate('onboarding').optional(), offboarding: checklistTemplate('offboarding').optional() }).strict()).default({}),
  })
  .strict();

export const DEFAULT_CONTROLS = ['CC1.4', 'CC2.2', 'CC6.1', 'CC6.2', 'CC6.3', 'CC7.3', 'CC7.4', 'CC7.5'];

export const settingsSchema = z
  .object({
    organization: z.string().min(1).max(120).default('Example Inc.'),
    timezone: timeZone.default('UTC'),
    controls: z.array(controlId).min(1, 'at least one control must be in scope').default(DEFAULT_CONTROLS),
    admins: z.array(slackUserId).default([]),
    /** The organization's email domains: accounts elsewhere are flagged as external in reviews. */
    emailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'expected a domain such as example.com')).default([]),
    complianceChannel: slackChannelId.optional(),
    evidence: z
      .object({
        prefix: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)*$/, 'expected slug segments separated by "/"').default('evidence'),
        retentionDays: z.number().int().min(1).max(36_500).default(2_557),
        maxPayloadBytes: z.number().int().min(1_024).max(10_485_760).default(262_144),
        checkpointCron: cronExpression.default('5 0 * * *'),
        objectLock: z.enum(['COMPLIANCE', 'GOVERNANCE', 'off']).default('COMPLIANCE'),
      })
      .prefault({}),
    escalation: z
      .object({
        default: escalationTimingSchema.prefault({}),
        kinds: z.record(z.string(), z.object(timing).partial()).default({}),
      })
      .prefault({}),
    workingHours: z
      .object({
        enabled: z.boolean().default(false),
        start: clockTime.default('09:00'),
        end: clockTime.default('18:00'),
        days: z.array(weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
      })
      .prefault({}),
    managers: z.record(slackUserId, slackUserId).default({}),
    systems: z.array(systemSchema).default([]),
    policies: z.array(policySchema).default([]),
    incidents: z
      .object({
        /** Where each incident is posted and kept up to date. */
        channel: slackChannelId.optional(),
        /** When the on-call is asked "what was the resolution?", after the incident is captured. */
        promptAfter: duration.default(24 * 3_600_000),
        /** When the postmortem draft goes to its owner, after resolution. */
        postmortemAfter: duration.default(30 * 86_400_000),
        /** How long a follow-up action has before it counts as overdue. */
        followUpDue: duration.default(14 * 86_400_000),
        /** The Anthropic model that drafts postmortems (with ANTHROPIC_API_KEY); a template otherwise. */
        model: z.string().min(1).default('claude-sonnet-5-5'),
        /** Default CC7.3 and CC7.4, where in scope. */
        resolutionControls: z.array(controlId).min(1).optional(),
        /** Default CC7.4 and CC7.5, where in scope. */
        postmortemControls: z.array(controlId).min(1).optional(),
        /** PagerDuty user ID → Slack user, for when PAGERDUTY_API_TOKEN cannot give an email. */
        pagerdutyUsers: z.record(z.string(), slackUserId).default({}),
        /** Service (PagerDuty service name, Sentry project slug) → the Slack user who owns it. */
        serviceOwners: z.record(z.string(), slackUserId).default({}),
        /** Who is asked when nobody else can be found. */
        defaultOwner: slackUserId.optional(),
      })
      .prefault({}),
    accessReviews: z
      .object({
        /** How often systems with pending revocations are re-listed to confirm the accounts are gone. */
        revocationCheck: cronExpression.default('17 */6 * * *'),
      })
      .prefault({}),
    acknowledgments: z
      .object({
        /** Defaults to CC1.4 and CC2.2, where in scope. */
        controls: z.array(controlId).min(1).optional(),
        /** When the annual campaign starts, in `timezone`. Default: January 15, 09:00. */
        schedule: cronExpression.default('0 9 15 1 *'),
        /** `workspace`: every active full member; `listed`: only `users`. */
        audience: z.enum(['workspace', 'listed']).default('workspace'),
        users: z.array(slackUserId).default([]),
        exclude: z.array(slackUserId).default([]),
        /** Ask every new workspace member at once (Slack's team_join event). */
        newHires: z.boolean().default(true),
        training: trainingSchema.optional(),
      })
      .prefault({}),
    audit: z
      .object({
        /** The observation window gaps are reported for. Default: the 12 months up to today. */
        window: z.object({ from: isoDay.optional(), to: isoDay.optional() }).strict().prefault({}),
        /** When the gap digest is posted to the compliance channel, in `timezone`. Default: Mondays 09:00. */
        digest: cronExpression.default('0 9 * * 1'),
        /** How long a presigned S3 link in a sample stays valid (at most 7 days, S3's limit). */
        linkExpiry: duration.default(15 * 60_000).refine((ms) => ms >= 60_000 && ms <= 7 * 86_400_000, { error: 'expected between 1m and 7d' }),
        /** The Anthropic model that reads the evidence mapping as a second opinion (with ANTHROPIC_API_KEY). Default: incidents.model. */
        mappingModel: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    lifecycle: lifecycleSchema.prefault({}),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const inScope = new Set(settings.controls);
    const seen = new Set<string>();
    settings.systems?.forEach((system, index) => {
      if (seen.has(system.id)) ctx.addIssue({ code: 'custom', path: ['systems', index, 'id'], message: `duplicate system id ${JSON.stringify(system.id)}` });
      seen.add(system.id);
      if (!system.controls && !ACCESS_REVIEW_CONTROLS.some((control) => inScope.has(control))) {
        ctx.addIssue({ code: 'custom', path: ['systems', index], message: 'none of CC6.1, CC6.2, CC6.3 is in scope: list this system\'s "controls"' });
      }
      system.controls?.forEach((control, c) => {
        if (!inScope.has(control)) ctx.addIssue({ code: 'custom', path: ['systems', index, 'controls', c], message: `${control} is not in the top-level "controls" list` });
      });
    });
    if (settings.acknowledgments?.controls) {
      settings.acknowledgments.controls.forEach((control, c) => {
        if (!inScope.has(control)) ctx.addIssue({ code: 'custom', path: ['acknowledgments', 'controls', c], message: `${control} is not in the top-level "controls" list` });
      });
    } else if (settings.policies?.length && !ACKNOWLEDGMENT_CONTROLS.some((control) => inScope.has(control))) {
      ctx.addIssue({ code: 'custom', path: ['acknowledgments'], message: 'neither CC1.4 nor CC2.2 is in scope: list "acknowledgments.controls"' });
    }
    for (const field of ['resolutionControls', 'postmortemControls'] as const) {
      settings.incidents?.[field]?.forEach((control, c) => {
        if (!inScope.has(control)) ctx.addIssue({ code: 'custom', path: ['incidents', field, c], message: `${control} is not in the top-level "controls" list` });
      });
    }
    const window = settings.audit?.window;
    if (window?.from && window.to && window.from > window.to) {
      ctx.addIssue({ code: 'custom', path: ['audit', 'window', 'to'], message: `the window must end on or after it starts (${window.from})` });
    }
    for (const [where, steps] of lifecycleTemplates(settings.lifecycle)) {
      steps.forEach((step, index) =>
        step.controls?.forEach((control, c) => {
          if (isControlId(control) && !inScope.has(control)) ctx.addIssue({ code: 'custom', path: [...where, index, 'controls', c], message: `${control} is not in the top-level "controls" list` });
        }),
      );
    }
    if (settings.workingHours && settings.workingHours.start >= settings.workingHours.end) {
      ctx.addIssue({ code: 'custom', path: ['workingHours', 'end'], message: 'the working day must end after it starts' });
    }
  })
  .transform((settings) => ({
    ...settings,
    incidents: {
      ...settings.incidents,
      resolutionControls: settings.incidents.resolutionControls ?? inScopeOr(['CC7.3', 'CC7.4'], settings.controls),
      postmortemControls: settings.incidents.postmortemControls ?? inScopeOr(['CC7.4', 'CC7.5'], settings.controls),
    },
    acknowledgments: {
      ...settings.acknowledgments,
      controls: settings.acknowledgments.controls ?? ACKNOWLEDGMENT_CONTROLS.filter((control) => settings.controls.includes(control)),
    },
    systems: settings.systems.map((system) => ({
      ...system,
      controls: system.controls ?? ACCESS_REVIEW_CONTROLS.filter((control) => settings.controls.includes(control)),
    })),
  }));

const ACCESS_REVIEW_CONTROLS = ['CC6.1', 'CC6.2', 'CC6.3'];

/** The preferred controls that are in scope; if none is, the first control in scope, so evidence always has a home. */
function inScopeOr(preferred: string[], scope: string[]): string[] {
  const chosen = preferred.filter((control) => scope.includes(control));
  return chosen.length > 0 ? chosen : scope.slice(0, 1);
}

function lifecycleTemplates(lifecycle: z.infer<typeof lifecycleSchema> | undefined): [(string | number)[], ChecklistStepConfig[]][] {
  if (!lifecycle) return [];
  const found: [(string | number)[], ChecklistStepConfig[]][] = [
    [['lifecycle', 'onboarding'], lifecycle.onboarding],
    [['lifecycle', 'offboarding'], lifecycle.offboarding],
  ];
  for (const [department, templates] of Object.entries(lifecycle.departments)) {
    if (templates.onboarding) found.push([['lifecycle', 'departments', department, 'onboarding'], templates.onboarding]);
    if (templates.offboarding) found.push([['lifecycle', 'departments', department, 'offboarding'], templates.offboarding]);
  }
  return found;
}
const ACKNOWLEDGMENT_CONTROLS = ['CC1.4', 'CC2.2'];

export type Settings = z.infer<typeof settingsSchema>;
export type SystemConfig = Settings['systems'][number];
export type LifecycleSettings = Settings['lifecycle'];
