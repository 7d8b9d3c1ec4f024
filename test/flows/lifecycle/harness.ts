import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OpenView, SlackUserRecord } from '../../../src/slack-double/index.ts';
import { STEP_IDS } from '../../../views/checklist-step.ts';
import { openActionId } from '../../../views/requests.ts';
import { DEFAULT_PEOPLE, startTestApp, type AppHarness } from '../../helpers/app.ts';
import { eventually } from '../../helpers/eventually.ts';

export const HR_SECRET = 'hr-webhook-secret-0123456789';
export const IT = 'U0ENGINEE1';
export const MANAGER = 'U0MANAGER1';
export const SECURITY = 'U0ADMIN001';
export const LEAVER = { id: 'U0LENA0001', real_name: 'Lena Rao', profile: { email: 'lena@example.com', real_name: 'Lena Rao', display_name: 'lena' }, tz: 'Europe/London' };
export const PEOPLE: (Partial<SlackUserRecord> & { id: string })[] = [...DEFAULT_PEOPLE, LEAVER];

export function lifecycleYaml(extra = ''): string {
  return `
organization: Example Inc.
admins: [U0ADMIN001]
complianceChannel: C0COMPLIAN
emailDomains: [example.com]
managers:
  U0ENGINEE1: U0MANAGER1
  U0ENGINEE2: U0MANAGER1
lifecycle:
  roles:
    it: [${IT}]
    security: [${SECURITY}]
    hr: [U0ENGINEE2]
systems:
  - id: github
    name: GitHub
    reviewers: [${MANAGER}]
    owner: ${IT}
    connector: { type: file, path: exports/github.csv }
  - id: vercel
    name: Vercel
    reviewers: [${MANAGER}]
    owner: ${IT}
    connector: { type: file, path: exports/vercel.csv }
policies:
  - id: infosec
    name: Information Security Policy
    version: "2026.1"
    url: https://intranet.example.com/policies/infosec
${extra}`;
}

const HEADER = 'id,email,name,roles,status,last_login';

export function writeExport(h: AppHarness, system: string, rows: string[]): void {
  mkdirSync(path.join(h.dir, 'exports'), { recursive: true });
  writeFileSync(path.join(h.dir, 'exports', `${system}.csv`), `${[HEADER, ...rows].join('\n')}\n`);
}

export const GITHUB_ROWS = ['ann-lee,ann@example.com,Ann Lee,member,active,2026-06-01T10:00:00Z', 'lena-rao,lena@example.com,Lena Rao,admin;member,active,2026-06-30T10:00:00Z'];
export const VERCEL_ROWS = ['vc_1,ann@example.com,Ann Lee,developer,active,2026-06-01T10:00:00Z', 'vc_2,lena@example.com,Lena Rao,owner,active,2026-06-29T10:00:00Z'];

export async function lifecycleApp(options: { yaml?: string; start?: string; people?: (Partial<SlackUserRecord> & { id: string })[] } = {}): Promise<AppHarness> {
  const h = await startTestApp({ yaml: options.yaml ?? lifecycleYaml(), people: options.people ?? PEOPLE, start: options.start ?? '2026-07-06T13:00:00.000Z', env: { HR_WEBHOOK_SECRET: HR_SECRET } });
  writeExport(h, 'github', GITHUB_ROWS);
  writeExport(h, 'vercel', VERCEL_ROWS);
  return h;
}

export function sign(body: string, secret = HR_SECRET): string {
  return `v1=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export async function postHr(h: AppHarness, body: unknown, headers: Record<string, string> | 'sign' = 'sign'): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const sent = headers === 'sign' ? { 'content-type': 'application/json', 'x-evidence-signature': sign(text) } : headers;
  const response = await fetch(`${h.baseUrl}/webhooks/hr`, { method: 'POST', headers: sent, body: text });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export function termination(overrides: { id?: string; email?: string; name?: string; manager?: string | null; at?: string } = {}) {
  return {
    id: overrides.id ?? 'evt-term-1',
    type: 'terminated',
    employee: {
      id: 'E-1042',
      name: overrides.name ?? 'Lena Rao',
      email: overrides.email ?? 'lena@example.com',
      ...(overrides.manager === null ? {} : { manager_email: overrides.manager ?? 'morgan@example.com' }),
      department: 'Engineering',
      termination_time: overrides.at ?? '2026-07-06T13:00:00Z',
    },
  };
}

export interface StepState {
  step_key: string;
  kind: string;
  state: string;
  assignee: string | null;
  request_id: string | null;
  waiting_for: string | null;
}

export function stepsOf(h: AppHarness): StepState[] {
  return h.bot.db.prepare('SELECT step_key, kind, state, assignee, request_id, waiting_for FROM checklist_steps ORDER BY checklist_id, position, step_key').all() as StepState[];
}

export function step(h: AppHarness, key: string): StepState {
  const found = stepsOf(h).find((candidate) => candidate.step_key === key);
  if (!found) throw new Error(`no step ${key}: ${stepsOf(h).map((s) => s.step_key).join(', ')}`);
  return found;
}

/** The person opens the step from their DM (Done or Not applicable) and submits the modal. */
export async function doStep(h: AppHarness, userId: string, key: string, answer: { outcome?: 'done' | 'not_applicable'; note?: string; link?: string; confirm?: boolean } = {}) {
  const requestId = step(h, key).request_id;
  if (!requestId) throw new Error(`step ${key} has no request`);
  const dm = await eventually(() => h.double.messages(h.double.dmChannel(userId)).filter((message) => JSON.stringify(message.blocks ?? []).includes(openActionId(requestId))).at(-1), { what: `the DM for ${key}` });
  const outcome = answer.outcome ?? 'done';
  const before = new Set(h.double.views().map((view) => view.id));
  await h.driver.clickButton(userId, { channel: dm.channel, ts: dm.ts }, outcome === 'done' ? openActionId(requestId) : `${STEP_IDS.notApplicablePrefix}${requestId}`);
  const view = await eventually(() => h.double.views().find((candidate) => !before.has(candidate.id) && candidate.callback_id === STEP_IDS.stepCallback), { what: `the modal of ${key}` });
  const initial = (view.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]).find((block) => block.block_id === STEP_IDS.outcomeBlock)?.element?.initial_option?.value;
  return h.driver.submitView(userId, view.id, stepValues({ ...answer, outcome: (initial as 'done' | 'not_applicable') ?? outcome }));
}

export function stepValues(answer: { outcome?: 'done' | 'not_applicable'; note?: string; link?: string; confirm?: boolean }) {
  return {
    [STEP_IDS.outcomeBlock]: { [STEP_IDS.outcomeAction]: { type: 'radio_buttons', selected_option: answer.outcome ? { value: answer.outcome } : null } },
    [STEP_IDS.noteBlock]: { [STEP_IDS.noteAction]: { type: 'plain_text_input', value: answer.note ?? null } },
    [STEP_IDS.linkBlock]: { [STEP_IDS.linkAction]: { type: 'url_text_input', value: answer.link ?? null } },
    [STEP_IDS.confirmBlock]: { [STEP_IDS.confirmAction]: { type: 'checkboxes', selected_options: answer.confirm === false ? [] : [{ value: 'confirmed' }] } },
  };
}

/** The manager opens the attestation from their DM. */
export async function openAttestation(h: AppHarness, userId: string): Promise<OpenView> {
  const requestId = stepsOf(h).find((candidate) => candidate.kind === 'attestation')?.request_id;
  if (!requestId) throw new Error('the attestation has no request');
  const dm = await eventually(() => h.double.messages(h.double.dmChannel(userId)).filter((message) => JSON.stringify(message.blocks ?? []).includes(openActionId(requestId))).at(-1), { what: 'the attestation DM' });
  const before = new Set(h.double.views().map((view) => view.id));
  await h.driver.clickButton(userId, { channel: dm.channel, ts: dm.ts }, openActionId(requestId));
  return eventually(() => h.double.views().find((candidate) => !before.has(candidate.id) && candidate.callback_id === STEP_IDS.attestCallback), { what: 'the attestation modal' });
}

export const ATTESTED = { [STEP_IDS.attestBlock]: { [STEP_IDS.attestAction]: { type: 'checkboxes', selected_options: [{ value: 'attest' }] } }, [STEP_IDS.commentBlock]: { [STEP_IDS.commentAction]: { type: 'plain_text_input', value: 'Laptop returned to IT.' } } };

/** The checklist message in the channel, as text a person reads. */
export function channelMessage(h: AppHarness): string {
  const messages = h.double.messages('C0COMPLIAN').filter((message) => JSON.stringify(message.blocks ?? []).includes('"type":"header"'));
  const latest = messages.at(-1);
  return JSON.stringify(latest?.blocks ?? []);
}

export function rejectedCalls(h: AppHarness): string[] {
  return h.double.calls.filter((call) => !call.ok && call.error !== 'ratelimited').map((call) => `${call.method}: ${call.error}`);
}
