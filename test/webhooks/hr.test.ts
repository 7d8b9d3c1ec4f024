import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startTestApp, type AppHarness } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';
import { HR_SECRET, lifecycleApp, lifecycleYaml, PEOPLE, postHr, sign, termination } from '../flows/lifecycle/harness.ts';

function counts(h: AppHarness) {
  const count = (table: string) => h.bot.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
  return { events: count('hr_events'), people: count('hr_people'), checklists: count('checklists'), requests: count('requests') };
}

const NOTHING = { events: 0, people: 0, checklists: 0, requests: 0 };

const hire = (id = 'evt-h', employeeId = 'E-77') => ({ id, type: 'hired', employee: { id: employeeId, name: 'Lena Rao', email: 'lena@example.com', start_date: '2026-07-20' } });

describe('the HR webhook', () => {
  it('when the signature is missing or wrong, then it answers 401 and records nothing', async () => {
    const h = await lifecycleApp();
    const body = JSON.stringify(termination());
    const missing = await postHr(h, body, { 'content-type': 'application/json' });
    expect(missing).toEqual({ status: 401, json: { ok: false, error: 'missing signature: send X-Evidence-Signature: v1=<hex HMAC-SHA256 of the body>' } });
    const wrong = await postHr(h, body, { 'content-type': 'application/json', 'x-evidence-signature': sign(body, 'not-the-secret') });
    expect(wrong).toEqual({ status: 401, json: { ok: false, error: 'the signature does not match the body' } });
    const tampered = await postHr(h, body.replace('Lena', 'Lina'), { 'content-type': 'application/json', 'x-evidence-signature': sign(body) });
    expect(tampered.status).toBe(401);
    const notHex = await postHr(h, body, { 'content-type': 'application/json', 'x-evidence-signature': 'v1=zz' });
    expect(notHex.status).toBe(401);
    expect(counts(h)).toEqual(NOTHING);
  });

  it('when no HR_WEBHOOK_SECRET is configured, then every event is refused with 401', async () => {
    const h = await startTestApp({ yaml: lifecycleYaml(), people: PEOPLE });
    const reply = await postHr(h, termination());
    expect(reply).toEqual({ status: 503, json: { ok: false, error: 'HR_WEBHOOK_SECRET is not set: this webhook is disabled' } });
    expect(counts(h)).toEqual(NOTHING);
  });

  it('when the body is malformed, then it answers 400 with the reason and records nothing', async () => {
    const h = await lifecycleApp();
    // The parser's words are V8's: Node 22 adds the line and column.
    expect(await postHr(h, '{"id": "x",')).toEqual({
      status: 400,
      json: { ok: false, error: expect.stringMatching(/^malformed HR event: the body is not valid JSON \(Expected double-quoted property name in JSON at position 11( \(line 1 column 12\))?\)$/) },
    });
    expect(await postHr(h, '[1, 2]')).toEqual({ status: 400, json: { ok: false, error: 'malformed HR event: the body must be a JSON object' } });
    const noEmail = { ...termination(), employee: { ...termination().employee, email: 'lena at example' } };
    expect(await postHr(h, noEmail)).toEqual({ status: 400, json: { ok: false, error: 'malformed HR event: employee.email: expected an email address' } });
    const noStart = { id: 'e2', type: 'hired', employee: { name: 'Nia', email: 'nia@example.com' } };
    expect(await postHr(h, noStart)).toEqual({ status: 400, json: { ok: false, error: 'malformed HR event: employee.start_date: a hired event needs the start date' } });
    const badDate = { id: 'e3', type: 'hired', employee: { name: 'Nia', email: 'nia@example.com', start_date: '2026-02-30' } };
    expect(await postHr(h, badDate)).toEqual({ status: 400, json: { ok: false, error: 'malformed HR event: employee.start_date: not a calendar date' } });
    const extra = { ...termination(), employee: { ...termination().employee, salary: 100 } };
    expect((await postHr(h, extra)).json.error).toBe('malformed HR event: employee: Unrecognized key: "salary"');
    expect(counts(h)).toEqual(NOTHING);
  });

  it('when a termination is dated 9999-12-31 (HR for "no end date"), then it answers 400 naming the field, records nothing, and the bot still answers', async () => {
    const h = await lifecycleApp();
    const noEndDate = termination({ at: '9999-12-31' });
    expect(await postHr(h, noEndDate)).toEqual({
      status: 400,
      json: {
        ok: false,
        error:
          'HR event refused: employee.termination_time: 9999-12-31 is more than 10 years away; HR systems use such dates to mean "no end date", which is not a termination, so nothing was filed. Send the real termination date (accepted: 2016-07-06 to 2036-07-06, within 10 years of today)',
      },
    });
    const withZone = await postHr(h, termination({ id: 'evt-term-z', at: '9999-12-31T23:59:59+14:00' }));
    expect(withZone.status).toBe(400);
    expect(withZone.json.error).toMatch(/^HR event refused: employee\.termination_time: 9999-12-31T23:59:59\+14:00 is more than 10 years away; HR systems use such dates to mean "no end date"/);
    await h.bot.services.tick();
    expect(counts(h)).toEqual(NOTHING);
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('when a start date or the event time is not within 10 years of now, then it answers 400 naming each field and records nothing', async () => {
    const h = await lifecycleApp();
    const ancient = { id: 'e-old', type: 'hired', employee: { name: 'Nia', email: 'nia@example.com', start_date: '0001-01-01' } };
    expect(await postHr(h, ancient)).toEqual({
      status: 400,
      json: { ok: false, error: 'HR event refused: employee.start_date: 0001-01-01 is more than 10 years ago, not a real start date (accepted: 2016-07-06 to 2036-07-06, within 10 years of today)' },
    });
    const late = { id: 'e-late', type: 'start_date_changed', occurred_at: '2099-01-01T00:00:00Z', employee: { name: 'Nia', email: 'nia@example.com', start_date: '2040-01-05' } };
    expect(await postHr(h, late)).toEqual({
      status: 400,
      json: {
        ok: false,
        error:
          'HR event refused: occurred_at: 2099-01-01T00:00:00Z is more than 10 years from now, not a real event time (accepted: 2016-07-06 to 2036-07-06, within 10 years of today); employee.start_date: 2040-01-05 is more than 10 years from now, not a real start date (accepted: 2016-07-06 to 2036-07-06, within 10 years of today)',
      },
    });
    expect(counts(h)).toEqual(NOTHING);
  });

  it('when a Gusto timestamp is not a Unix time in seconds within 10 years, then it answers 400 without asking Slack, and records nothing', async () => {
    const h = await lifecycleApp();
    const slackCalls = () => h.double.calls.filter((call) => call.method !== 'auth.test').length;
    const before = slackCalls();
    const gusto = async (eventType: string, timestamp: number) => {
      const body = JSON.stringify({ uuid: `u-${timestamp}`, event_type: eventType, entity_type: 'Employee', entity_uuid: 'gusto-uuid-9', timestamp, employee: { name: 'Nia Adeyemi', email: 'nia@example.com' } });
      return postHr(h, body, { 'content-type': 'application/json', 'x-gusto-signature': createHmac('sha256', HR_SECRET).update(body).digest('hex') });
    };
    const range = '(accepted: 1467810000 to 2098962000 Unix seconds, 2016-07-06 to 2036-07-06, within 10 years of today)';
    expect(await gusto('employee.terminated', 1e15)).toEqual({ status: 400, json: { ok: false, error: `HR event refused: timestamp: 1000000000000000 is not a Unix time in seconds within 10 years of now ${range}` } });
    expect(await gusto('employee.created', 1e12)).toEqual({ status: 400, json: { ok: false, error: `HR event refused: timestamp: 1000000000000 is not a Unix time in seconds within 10 years of now ${range}` } });
    expect(await gusto('employee.created', 1783342800000)).toEqual({
      status: 400,
      json: { ok: false, error: `HR event refused: timestamp: 1783342800000 is not a Unix time in seconds within 10 years of now; it looks like milliseconds, send seconds ${range}` },
    });
    expect(slackCalls()).toBe(before);
    expect(counts(h)).toEqual(NOTHING);
  });

  it('when the event is one it does not act on, then it answers 202 and logs it', async () => {
    const h = await lifecycleApp();
    const reply = await postHr(h, { id: 'e9', type: 'promoted', employee: { name: 'Lena Rao', email: 'lena@example.com' } });
    expect(reply).toEqual({ status: 202, json: { ok: true, ignored: true, reason: 'HR event type "promoted" is not handled' } });
    expect(h.logs.some((line) => line.includes('"HR event ignored"') && line.includes('promoted'))).toBe(true);
    expect(counts(h)).toEqual(NOTHING);
  });

  it('when the same event is delivered again, then nothing changes', async () => {
    const h = await lifecycleApp();
    const first = await postHr(h, termination());
    await h.bot.services.tick();
    const before = counts(h);
    const again = await postHr(h, termination());
    expect(again).toEqual({ status: 200, json: { ok: true, duplicate: true, outcome: 'offboarding-started', checklist_id: first.json.checklist_id } });
    await h.bot.services.tick();
    expect(counts(h)).toEqual(before);
    // A different event about the same termination finds the open checklist.
    const other = await postHr(h, termination({ id: 'evt-term-2' }));
    expect(other.json).toMatchObject({ outcome: 'already-open', checklist_id: first.json.checklist_id });
    expect(counts(h).checklists).toBe(1);
  });

  it('when the secret is being rotated, then a body signed with either secret is accepted', async () => {
    const h = await startTestApp({ yaml: lifecycleYaml(), people: PEOPLE, env: { HR_WEBHOOK_SECRET: `new-secret-000111222, ${HR_SECRET}` } });
    const body = JSON.stringify(termination());
    const reply = await postHr(h, body, { 'content-type': 'application/json', 'x-evidence-signature': `v1=${'0'.repeat(64)}, ${sign(body, HR_SECRET)}` });
    expect(reply.status).toBe(200);
    expect(h.logs.join('\n')).not.toContain('new-secret-000111222');
  });

  it('when Slack fails while the person is looked up, then it answers 503, records nothing, and the retry succeeds', async () => {
    const h = await lifecycleApp();
    h.double.failNext('users.lookupByEmail', { status: 500 }, 4);
    const failed = await postHr(h, termination());
    expect(failed).toEqual({ status: 503, json: { ok: false, error: 'evidence-bot could not handle the event right now; nothing was recorded, retry later' } });
    expect(counts(h)).toEqual(NOTHING);
    const retried = await postHr(h, termination());
    expect(retried.json).toMatchObject({ ok: true, outcome: 'offboarding-started' });
  });

  it('when Gusto reports a termination by employee UUID, then it is matched to the person an earlier event named and offboarding starts', async () => {
    const h = await lifecycleApp();
    expect((await postHr(h, hire('evt-h', 'gusto-uuid-1'))).json).toMatchObject({ outcome: 'onboarding-started' });
    const gusto = JSON.stringify({ uuid: '03ffbf0c-48a9-4f1c-932a-546413a26ad1', event_type: 'employee.terminated', resource_type: 'Company', resource_uuid: 'c-1', entity_type: 'Employee', entity_uuid: 'gusto-uuid-1', timestamp: 1783342800 });
    const gustoSignature = createHmac('sha256', HR_SECRET).update(gusto).digest('hex');
    const reply = await postHr(h, gusto, { 'content-type': 'application/json', 'x-gusto-signature': gustoSignature });
    expect(reply.json).toMatchObject({ ok: true, outcome: 'offboarding-started' });
    expect(h.bot.db.prepare("SELECT type, state, email, event_at FROM checklists ORDER BY type").all()).toEqual([
      { type: 'offboarding', state: 'open', email: 'lena@example.com', event_at: '2026-07-06T13:00:00.000Z' },
      { type: 'onboarding', state: 'cancelled', email: 'lena@example.com', event_at: '2026-07-20T09:00:00.000Z' },
    ]);
    expect(h.bot.db.prepare("SELECT source, event_id, outcome FROM hr_events WHERE source = 'gusto'").get()).toEqual({ source: 'gusto', event_id: '03ffbf0c-48a9-4f1c-932a-546413a26ad1', outcome: 'offboarding-started' });

    const payroll = JSON.stringify({ uuid: 'u-2', event_type: 'payroll.paid', resource_type: 'Company', resource_uuid: 'c-1', entity_type: 'Payroll', entity_uuid: 'p-1', timestamp: 1783342800 });
    expect(await postHr(h, payroll, { 'content-type': 'application/json', 'x-gusto-signature': createHmac('sha256', HR_SECRET).update(payroll).digest('hex') })).toEqual({ status: 202, json: { ok: true, ignored: true, reason: 'Gusto payroll.paid is not a hire or a termination' } });
  });

  it('when a relay adds the employee to a Gusto event, then it is used as it is', async () => {
    const h = await lifecycleApp();
    const gusto = JSON.stringify({ uuid: 'u-7', event_type: 'employee.created', entity_type: 'Employee', entity_uuid: 'gusto-uuid-7', timestamp: 1783342800, employee: { name: 'Nia Adeyemi', email: 'nia@example.com', start_date: '2026-07-20', manager_email: 'morgan@example.com' } });
    const reply = await postHr(h, gusto, { 'content-type': 'application/json', 'x-gusto-signature': createHmac('sha256', HR_SECRET).update(gusto).digest('hex') });
    expect(reply.json).toMatchObject({ ok: true, outcome: 'onboarding-started' });
    expect(h.bot.db.prepare('SELECT email, hr_id, event_at, manager_slack_id FROM checklists').get()).toEqual({ email: 'nia@example.com', hr_id: 'gusto-uuid-7', event_at: '2026-07-20T09:00:00.000Z', manager_slack_id: 'U0MANAGER1' });
  });

  it('when Gusto names an employee nobody told evidence-bot about, then it answers 202, tells the compliance channel once, and records the event', async () => {
    const h = await lifecycleApp();
    const gusto = JSON.stringify({ uuid: 'u-unknown', event_type: 'employee.terminated_effective', resource_type: 'Company', resource_uuid: 'c-1', entity_type: 'Employee', entity_uuid: 'nobody-known', timestamp: 1783342800 });
    const headers = { 'content-type': 'application/json', 'x-gusto-signature': createHmac('sha256', HR_SECRET).update(gusto).digest('hex') };
    const reply = await postHr(h, gusto, headers);
    expect(reply).toEqual({ status: 202, json: { ok: true, ignored: true, reason: 'gusto event terminated names HR ID nobody-known and no email, and no earlier event told evidence-bot who that is' } });
    await postHr(h, gusto, headers);
    const told = await eventually(() => h.double.messages('C0COMPLIAN').filter((message) => (message.text ?? '').startsWith(':warning: An HR termination could not be matched')), { what: 'the warning' });
    expect(told).toHaveLength(1);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM checklists').pluck().get()).toBe(0);
  });

  it('when Rippling sends a form-encoded employee event, then it is matched by its employee id; other event names are ignored', async () => {
    const h = await lifecycleApp();
    await postHr(h, hire('evt-h', 'rippling-42'));
    const form = 'event_name=EMPLOYEE_TERMINATED&company_id=c-9&company_primary_email=hr%40example.com&id=rippling-42';
    const reply = await postHr(h, form, { 'content-type': 'application/x-www-form-urlencoded', 'x-evidence-signature': sign(form) });
    expect(reply.json).toMatchObject({ ok: true, outcome: 'offboarding-started' });
    const again = await postHr(h, form, { 'content-type': 'application/x-www-form-urlencoded', 'x-evidence-signature': sign(form) });
    expect(again.json).toMatchObject({ duplicate: true });
    const other = 'event_name=employee.deleted&company_id=c-9&id=rippling-42';
    expect(await postHr(h, other, { 'content-type': 'application/x-www-form-urlencoded', 'x-evidence-signature': sign(other) })).toEqual({ status: 202, json: { ok: true, ignored: true, reason: 'Rippling employee.deleted is not a hire or a termination' } });
  });
});
