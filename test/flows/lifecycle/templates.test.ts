import { describe, expect, it } from 'vitest';
import { HOUR, DAY } from '../../../src/clock.ts';
import { parseSettings, type ConfigError } from '../../../src/config.ts';
import { stepTiming } from '../../../src/flows/lifecycle/model.ts';
import { assign, startInstant, templateFor, terminationInstant } from '../../../src/flows/lifecycle/templates.ts';
import type { RequestRow } from '../../../src/store/requests.ts';
import { checkBlocks, checkView } from '../../../src/slack-double/index.ts';
import { checklistMessage, verificationAlert, type ChecklistMessageModel } from '../../../views/checklist.ts';
import { attestationModal, stepAskMessage, stepModal } from '../../../views/checklist-step.ts';

function problems(yaml: string): string[] {
  try {
    parseSettings(yaml, 'evidence.config.yaml');
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('checklist templates from the config', () => {
  it('when the config has no lifecycle section, then onboarding and offboarding still have sensible steps, access removal due 24 h after the termination', () => {
    const settings = parseSettings('', 'embedded defaults');
    expect(settings.lifecycle.onboarding.map((step) => [step.key, step.kind, step.owner, step.due])).toEqual([
      ['accounts', 'task', 'it', -DAY],
      ['acknowledgments', 'acknowledgments', 'employee', 7 * DAY],
      ['manager-attestation', 'attestation', 'manager', 14 * DAY],
    ]);
    expect(settings.lifecycle.offboarding.map((step) => [step.key, step.kind, step.due])).toEqual([
      ['access', 'access-removal', 24 * HOUR],
      ['other-access', 'task', 24 * HOUR],
      ['devices', 'task', 5 * DAY],
      ['manager-attestation', 'attestation', 7 * DAY],
    ]);
  });

  it('when a department has its own steps, then they replace steps of the same key and the rest come before the attestation, matched without case', () => {
    const settings = parseSettings(
      `
lifecycle:
  departments:
    Engineering:
      onboarding:
        - { key: accounts, title: 'GitHub, AWS and the on-call rota', owner: it, due: -2d, needs: [note, link] }
        - { key: prod-access, title: Production access approved, owner: security, due: 7d, controls: [CC6.1] }
`,
      'x',
    );
    expect(templateFor(settings, 'onboarding', 'engineering').map((step) => `${step.key}:${step.due / DAY}`)).toEqual(['accounts:-2', 'acknowledgments:7', 'prod-access:7', 'manager-attestation:14']);
    expect(templateFor(settings, 'onboarding', 'Sales').map((step) => step.key)).toEqual(['accounts', 'acknowledgments', 'manager-attestation']);
    expect(templateFor(settings, 'offboarding', 'Engineering').map((step) => step.key)).toEqual(['access', 'other-access', 'devices', 'manager-attestation']);
  });

  it('when a template is wrong, then each fault is named with its line', () => {
    expect(
      problems(`
controls: [CC6.2, CC6.3]
lifecycle:
  roles: { it: [U0IT00001], legal: [U0X00001] }
  offboarding:
    - { key: access, title: Remove access, owner: it, due: soon, kind: access-removal }
    - { key: access, title: Again, owner: employee, due: 1d, controls: [CC1.4] }
    - { key: sign, title: Sign, owner: nobody, due: 2d, kind: attestation }
`),
    ).toEqual([
      'line 4, lifecycle.roles.legal: Unrecognized key: "legal"',
      'line 6, lifecycle.offboarding[0].due: expected an offset such as 24h, -1d or 7d (before the event with "-")',
      'line 8, lifecycle.offboarding[2].owner: unknown owner "nobody": expected it, security, hr, manager, employee or a Slack user ID',
      'line 7, lifecycle.offboarding[1].key: duplicate step key "access"',
      'line 7, lifecycle.offboarding[1]: a leaver has no steps of their own: acknowledgments and employee-owned steps are for onboarding',
      'line 7, lifecycle.offboarding[1].controls[0]: CC1.4 is not in the top-level "controls" list',
    ]);
  });

  it('when a step is owned by a role nobody fills, then the first admin takes it; with no admin either, it waits and says what to configure', () => {
    const withAdmin = parseSettings('admins: [U0ADMIN001]', 'x');
    const checklist = { manager_slack_id: null, person_slack_id: null, email: 'nia@example.com' };
    expect(assign(withAdmin, 'security', checklist)).toEqual({ assignee: 'U0ADMIN001', waitingFor: null });
    expect(assign(withAdmin, 'manager', checklist)).toEqual({ assignee: 'U0ADMIN001', waitingFor: null });
    expect(assign(withAdmin, 'employee', checklist)).toEqual({ assignee: null, waitingFor: 'nia@example.com to join Slack' });
    expect(assign(parseSettings('', 'x'), 'it', checklist)).toEqual({ assignee: null, waitingFor: 'nobody to ask: set lifecycle.roles.it or admins in the config' });
  });

  it('when dates are given, then the start is 09:00 and a bare termination date 18:00 in the organization’s zone', () => {
    expect(startInstant('2026-03-09', 'America/New_York')).toBe('2026-03-09T13:00:00.000Z');
    expect(terminationInstant('2026-11-02', 'America/New_York')).toBe('2026-11-02T23:00:00.000Z');
    expect(terminationInstant('2026-11-02T17:30:00+01:00', 'America/New_York')).toBe('2026-11-02T16:30:00.000Z');
  });
});

describe('a step’s timers follow its due time', () => {
  const request = (askedAt: string, dueAt: string) => ({ asked_at: askedAt, created_at: askedAt, payload: JSON.stringify({ dueAt }) }) as RequestRow;
  const offboarding = { remindAfter: 4 * HOUR, remindEvery: 4 * HOUR, escalateAfter: 24 * HOUR, channelAfter: 36 * HOUR };
  const onboarding = { remindAfter: 48 * HOUR, remindEvery: 48 * HOUR, escalateAfter: 7 * DAY, channelAfter: 10 * DAY };

  it('when access removal is due in 24 h, then one reminder 4 h before, the manager at 24 h, the channel 12 h later', () => {
    expect(stepTiming(request('2026-07-06T13:00:00.000Z', '2026-07-07T13:00:00.000Z'), offboarding)).toEqual({ remindAfter: 20 * HOUR, remindEvery: 4 * HOUR, escalateAfter: 24 * HOUR, channelAfter: 36 * HOUR });
  });

  it('when an onboarding step is due in 13 days, then the first reminder comes 48 h before it, not every 48 h from now', () => {
    expect(stepTiming(request('2026-07-06T09:00:00.000Z', '2026-07-19T09:00:00.000Z'), onboarding)).toEqual({ remindAfter: 11 * DAY, remindEvery: 48 * HOUR, escalateAfter: 13 * DAY, channelAfter: 16 * DAY });
  });

  it('when a step is already overdue when it is asked (a late termination), then the owner still gets an hour before the manager hears', () => {
    expect(stepTiming(request('2026-07-08T13:00:00.000Z', '2026-07-07T13:00:00.000Z'), offboarding)).toEqual({ remindAfter: HOUR, remindEvery: 4 * HOUR, escalateAfter: HOUR, channelAfter: 13 * HOUR });
  });
});

describe('checklist Block Kit stays within Slack’s limits', () => {
  const long = 'x'.repeat(400);
  const model: ChecklistMessageModel = {
    checklistId: 'abcdefghjkmn',
    type: 'offboarding',
    name: `Lena <!channel> ${long}`,
    email: 'lena@example.com',
    department: long,
    manager: { slackId: null, email: 'ghost@example.com', fallback: 'U0ADMIN001' },
    eventAt: '2026-07-06T13:00:00.000Z',
    state: 'open',
    startedBy: 'HR event e-1',
    steps: Array.from({ length: 60 }, (_, index) => ({ title: `Remove ${long} from system ${index}`, state: index % 2 ? 'open' : 'done', assignee: 'U0ENGINEE1', dueAt: '2026-07-07T13:00:00.000Z', doneAt: index % 2 ? null : '2026-07-07T14:00:00.000Z', doneBy: 'U0ENGINEE1', waitingFor: null, note: long, escalated: true }) as const),
    discovery: Array.from({ length: 40 }, (_, index) => ({ name: `System ${index} ${long}`, status: 'found', accounts: [{ label: long, status: 'active' }], error: null })),
    lastCheck: { at: '2026-07-07T13:00:00.000Z', clean: false, systems: Array.from({ length: 40 }, (_, index) => ({ name: `System ${index}`, status: 'remaining', accounts: [{ label: long, status: 'active' }], error: null })) },
    artifactId: null,
    completedAt: null,
    now: '2026-07-08T00:00:00.000Z',
  };

  it('when a checklist has 60 steps and 40 systems with long names, then its message passes every check and escapes mrkdwn', () => {
    const message = checklistMessage(model);
    expect(checkBlocks(message.blocks, 'message')).toEqual([]);
    const mrkdwnTexts = JSON.stringify(message.blocks.filter((block) => block.type !== 'header'));
    expect(mrkdwnTexts).not.toContain('<!channel>');
    expect(mrkdwnTexts).toContain('Lena &lt;!channel&gt;');
    expect(checkBlocks(verificationAlert({ name: model.name, email: model.email, results: model.lastCheck!.systems, channel: 'C0COMPLIAN' }).blocks, 'message')).toEqual([]);
  });

  it('when a step or the attestation is shown, then the DM and modals pass every check', () => {
    const step = { requestId: 'abcdefghjkmn', checklistLabel: 'Offboarding', personName: long, title: long, dueAt: '2026-07-07T13:00:00.000Z', needsNote: true, needsLink: true, attestation: false, reopened: long, channel: 'C0COMPLIAN' };
    expect(checkBlocks(stepAskMessage(step).blocks, 'message')).toEqual([]);
    expect(checkView(stepModal(step, 'not_applicable'))).toEqual([]);
    expect(checkView(attestationModal({ requestId: 'abcdefghjkmn', checklistLabel: 'Offboarding', personName: long, statement: long, stepLines: Array.from({ length: 80 }, () => long), blockers: Array.from({ length: 30 }, () => long) }))).toEqual([]);
  });
});
