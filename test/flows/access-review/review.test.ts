import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/clock.ts';
import { readLedger } from '../../../src/evidence/ledger.ts';
import type { OpenView } from '../../../src/slack-double/index.ts';
import { REVIEW_IDS } from '../../../views/access-review.ts';
import { REVOCATION_IDS } from '../../../views/revocation.ts';
import { openActionId } from '../../../views/requests.ts';
import { DEFAULT_PEOPLE, startTestApp, type AppHarness } from '../../helpers/app.ts';
import { eventually } from '../../helpers/eventually.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';

const REVIEWER = 'U0MANAGER1';
const OWNER = 'U0ENGINEE1';

function csv(count: number, options: { skip?: Set<number>; admins?: Set<number> } = {}): string {
  const lines = ['id,email,name,roles,status,last_login'];
  for (let i = 0; i < count; i += 1) {
    if (options.skip?.has(i)) continue;
    lines.push(`u${String(i).padStart(4, '0')},user${i}@example.com,User ${i},${options.admins?.has(i) ? 'admin;member' : 'member'},active,2026-06-0${(i % 9) + 1}T10:00:00Z`);
  }
  return `${lines.join('\n')}\n`;
}

function yaml(extra = ''): string {
  return `
organization: Example Inc.
admins: [U0ADMIN001]
complianceChannel: C0COMPLIAN
emailDomains: [example.com]
systems:
  - id: github
    name: GitHub
    reviewers: [${REVIEWER}]
    owner: ${OWNER}
    connector: { type: file, path: exports/github.csv }
  - id: vercel
    name: Vercel
    reviewers: [${REVIEWER}]
    connector: { type: file, path: exports/vercel.csv }
${extra}`;
}

async function harness(accounts = 600, extra = ''): Promise<AppHarness> {
  const h = await startTestApp({ yaml: yaml(extra), start: '2026-06-10T14:00:00.000Z' });
  writeExport(h, 'github.csv', csv(accounts, { admins: new Set([3]) }));
  writeExport(h, 'vercel.csv', csv(5));
  return h;
}

function writeExport(h: AppHarness, name: string, text: string): void {
  mkdirSync(path.join(h.dir, 'exports'), { recursive: true });
  writeFileSync(path.join(h.dir, 'exports', name), text);
}

async function startReview(h: AppHarness, system: string): Promise<string> {
  const reply = await h.driver.command('U0ADMIN001', '/evidence', `review ${system}`);
  expect(reply.status).toBe(200);
  const answer = await eventually(() => h.double.responses().find((response) => response.url === reply.responseUrl)?.body as { text: string } | undefined, { what: 'the review summary' });
  return answer.text;
}

function reviewView(h: AppHarness): OpenView {
  const view = h.double.views().find((v) => v.callback_id === REVIEW_IDS.callbackId);
  if (!view) throw new Error('no review modal open');
  return view;
}

async function choose(h: AppHarness, userId: string, index: number, decision: 'keep' | 'revoke'): Promise<void> {
  const view = reviewView(h);
  const reply = await h.driver.blockActions(userId, {
    container: { type: 'view', view_id: view.id },
    view,
    actions: [{ type: 'static_select', action_id: REVIEW_IDS.decisionAction, block_id: `${REVIEW_IDS.accountBlockPrefix}${index}`, selected_option: { text: { type: 'plain_text', text: decision }, value: decision }, action_ts: '1.2' }],
  });
  expect(reply.status).toBe(200);
}

function accountRows(view: OpenView): { blockId: string; decision: string }[] {
  return (view.blocks as { block_id?: string; accessory?: { initial_option?: { value: string } } }[])
    .filter((block) => block.block_id?.startsWith(REVIEW_IDS.accountBlockPrefix))
    .map((block) => ({ blockId: block.block_id!, decision: block.accessory?.initial_option?.value ?? '' }));
}

async function openFromDm(h: AppHarness, userId: string): Promise<OpenView> {
  const request = h.bot.db.prepare("SELECT id FROM requests WHERE kind = 'access-review' AND assignee = ? AND state != 'answered'").pluck().get(userId) as string;
  const dm = h.double.messages(h.double.dmChannel(userId)).find((message) => JSON.stringify(message.blocks ?? []).includes(openActionId(request)))!;
  const before = new Set(h.double.views().map((view) => view.id));
  await h.driver.clickButton(userId, { channel: dm.channel, ts: dm.ts }, openActionId(request));
  return eventually(() => h.double.views().find((view) => view.callback_id === REVIEW_IDS.callbackId && !before.has(view.id)), { what: 'the review modal' });
}

const ATTESTED = { [REVIEW_IDS.attestBlock]: { [REVIEW_IDS.attestAction]: { type: 'checkboxes', selected_options: [{ value: 'attest' }] } } };

describe('quarterly access reviews, end to end', () => {
  it('when a 600-account review is paged, decided, closed, reopened and signed, then every decision is filed and revocations go to the owner', async () => {
    const h = await harness();
    const summary = await startReview(h, 'github');
    expect(summary).toMatch(/^Access review of github for 2026-Q2 started: 600 account\(s\) listed and frozen/);
    await h.bot.services.tick();

    let view = await openFromDm(h, REVIEWER);
    expect(accountRows(view)).toHaveLength(40);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks)).toContain('This is the first review of this system');
    expect(JSON.stringify(view.blocks)).toContain('admin role: admin');
    await choose(h, REVIEWER, 3, 'revoke');
    await choose(h, REVIEWER, 7, 'revoke');
    await h.driver.clickButton(REVIEWER, { viewId: view.id }, REVIEW_IDS.nextAction);
    view = await eventually(() => (accountRows(reviewView(h))[0]?.blockId === `${REVIEW_IDS.accountBlockPrefix}40` ? reviewView(h) : undefined), { what: 'page 2' });
    await choose(h, REVIEWER, 45, 'revoke');
    // Closing keeps the typed comment; reopening shows every saved choice.
    await h.driver.closeView(REVIEWER, view.id);
    expect(h.bot.db.prepare("SELECT COUNT(*) FROM review_decisions WHERE decision = 'revoke'").pluck().get()).toBe(3);

    view = await openFromDm(h, REVIEWER);
    expect(accountRows(view).filter((row) => row.decision === 'revoke').map((row) => row.blockId)).toEqual([`${REVIEW_IDS.accountBlockPrefix}3`, `${REVIEW_IDS.accountBlockPrefix}7`]);
    for (let page = 1; page < 15; page += 1) {
      await h.driver.clickButton(REVIEWER, { viewId: reviewView(h).id }, REVIEW_IDS.nextAction);
      await eventually(() => accountRows(reviewView(h))[0]?.blockId === `${REVIEW_IDS.accountBlockPrefix}${page * 40}`, { what: `page ${page + 1}` });
    }
    expect(JSON.stringify(reviewView(h).blocks)).toContain('Page 15 of 15');
    const submitted = await h.driver.submitView(REVIEWER, reviewView(h).id, { ...ATTESTED, [REVIEW_IDS.commentBlock]: { [REVIEW_IDS.commentAction]: { type: 'plain_text_input', value: 'Two contractors left in May.' } } });
    expect(submitted.status).toBe(200);
    expect(submitted.problems).toEqual([]);

    const review = await eventually(() => [...readLedger(h.bot.db)].find((entry) => entry.kind === 'access-review'), { what: 'the review artifact' });
    expect(review).toMatchObject({ controls: ['CC6.1', 'CC6.2', 'CC6.3'], period: '2026-Q2', subject: 'github' });
    expect(review.signer?.slackId).toBe(REVIEWER);
    const sidecar = JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(review.sidecar_key!))).toString());
    expect(sidecar.payload.decisions).toHaveLength(600);
    expect(sidecar.payload.revoked).toEqual(['u0003', 'u0007', 'u0045']);
    expect(sidecar.payload.comment).toBe('Two contractors left in May.');
    const snapshot = [...readLedger(h.bot.db)].find((entry) => entry.kind === 'access-snapshot')!;
    expect(sidecar.payload.snapshot_sha256).toBe(JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(snapshot.key))).toString()).payload.sha256);
    expect(sidecar.payload.snapshot_artifact_id).toBe(snapshot.id);
    const pdf = await eventually(() => h.bot.services.deps.evidence.sink.get(review.key));
    const text = pdfPages(pdf).flat();
    // Three in the decisions table, and u0003 again in the flagged table (it has an admin role).
    expect(text.filter((cell) => cell === 'REVOKE')).toHaveLength(4);
    expect(text.some((cell) => cell.includes('Comment: Two contractors left in May.'))).toBe(true);

    const revocations = h.bot.db.prepare("SELECT assignee, title FROM requests WHERE kind = 'revocation' ORDER BY title").all();
    expect(revocations).toEqual([
      { assignee: OWNER, title: 'Remove user3@example.com from GitHub' },
      { assignee: OWNER, title: 'Remove user45@example.com from GitHub' },
      { assignee: OWNER, title: 'Remove user7@example.com from GitHub' },
    ]);
    await h.bot.services.tick();
    expect(h.double.messages(h.double.dmChannel(OWNER)).filter((message) => (message.text ?? '').startsWith('Remove '))).toHaveLength(3);
    expect(h.double.calls.filter((call) => !call.ok)).toEqual([]);
  });

  it('when the next listing no longer has the revoked accounts, then their follow-ups close themselves and the evidence says so', async () => {
    const h = await harness(20);
    await startReview(h, 'github');
    await h.bot.services.tick();
    let view = await openFromDm(h, REVIEWER);
    await choose(h, REVIEWER, 3, 'revoke');
    await choose(h, REVIEWER, 4, 'revoke');
    view = reviewView(h);
    await h.driver.submitView(REVIEWER, view.id, ATTESTED);
    await eventually(() => h.bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'revocation'").pluck().get() === 2, { what: 'two revocation requests' });
    await h.bot.services.tick();

    // The owner marks one removed by hand; the other is never marked.
    const manual = h.bot.db.prepare("SELECT id FROM requests WHERE kind = 'revocation' AND title LIKE '%user3@%'").pluck().get() as string;
    const dm = h.double.messages(h.double.dmChannel(OWNER)).find((message) => JSON.stringify(message.blocks ?? []).includes(openActionId(manual)))!;
    await h.driver.clickButton(OWNER, { channel: dm.channel, ts: dm.ts }, openActionId(manual));
    const modal = await eventually(() => h.double.views().find((v) => v.callback_id === REVOCATION_IDS.callbackId), { what: 'the revocation modal' });
    const done = await h.driver.submitView(OWNER, modal.id, {
      [REVOCATION_IDS.noteBlock]: { [REVOCATION_IDS.noteAction]: { type: 'plain_text_input', value: 'Removed from the org.' } },
      [REVOCATION_IDS.linkBlock]: { [REVOCATION_IDS.linkAction]: { type: 'url_text_input', value: 'https://tickets.example.com/IT-42' } },
      [REVOCATION_IDS.confirmBlock]: { [REVOCATION_IDS.confirmAction]: { type: 'checkboxes', selected_options: [{ value: 'removed' }] } },
    });
    expect(done.problems).toEqual([]);
    await eventually(() => [...readLedger(h.bot.db)].some((entry) => entry.kind === 'revocation'), { what: 'the signed revocation' });

    writeExport(h, 'github.csv', csv(20, { skip: new Set([3, 4]), admins: new Set([3]) }));
    h.clock.advance(7 * HOUR);
    await h.bot.services.tick();
    const states = h.bot.db.prepare("SELECT r.title, r.state, r.answered_by, v.state AS revocation FROM requests r JOIN revocations v ON v.request_id = r.id ORDER BY r.title").all();
    expect(states).toEqual([
      { title: 'Remove user3@example.com from GitHub', state: 'answered', answered_by: OWNER, revocation: 'verified' },
      { title: 'Remove user4@example.com from GitHub', state: 'answered', answered_by: 'evidence-bot', revocation: 'verified' },
    ]);
    await eventually(() => [...readLedger(h.bot.db)].filter((entry) => entry.kind === 'revocation-verified').length === 2, { what: 'two confirmations' });
    const list = [...readLedger(h.bot.db)].filter((entry) => entry.kind === 'access-snapshot').at(-1)!;
    for (const confirmation of [...readLedger(h.bot.db)].filter((entry) => entry.kind === 'revocation-verified')) {
      const record = JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(confirmation.key))).toString());
      expect(record.payload.snapshot_artifact_id).toBe(list.id);
    }
    const removal = [...readLedger(h.bot.db)].find((entry) => entry.kind === 'revocation')!;
    const removalText = pdfPages(await eventually(() => h.bot.services.deps.evidence.sink.get(removal.key))).flat().join(' ');
    expect(removalText).toMatch(new RegExp(`access review, by \\S.* \\(${REVIEWER}\\)`));
    const auto = h.bot.db.prepare("SELECT detail FROM request_events e JOIN requests r ON r.id = e.request_id WHERE e.what = 'closed'").pluck().all();
    expect(auto).toHaveLength(1);
    expect(String(auto[0])).toMatch(/^closed automatically: user4@example\.com is no longer listed in GitHub \(list of 2026-06-10 /);
  });

  it('when someone other than the assigned reviewer submits, then it is refused and nothing is filed', async () => {
    const h = await harness(10);
    await startReview(h, 'github');
    await h.bot.services.tick();
    const view = await openFromDm(h, REVIEWER);
    const reply = await h.driver.submitView('U0ENGINEE2', view.id, ATTESTED);
    expect(reply.json).toEqual({ response_action: 'errors', errors: { [REVIEW_IDS.attestBlock]: `This review is for <@${REVIEWER}>. Only they can decide on it.` } });
    expect(h.bot.db.prepare("SELECT COUNT(*) FROM requests WHERE kind = 'access-review' AND state = 'answered'").pluck().get()).toBe(0);
    const unattested = await h.driver.submitView(REVIEWER, view.id, {});
    expect((unattested.json as { errors: Record<string, string> }).errors[REVIEW_IDS.attestBlock]).toMatch(/^Tick the attestation to sign/);
  });

  it.each([
    ['a CSV with a missing column', 'id,email,name\nu1,a@example.com,A\n', 'has no "roles" column (columns found: id, email, name)'],
    ['a CSV with duplicate IDs', 'id,email,name,roles\nu1,a@example.com,A,member\nu1,b@example.com,B,member\n', 'repeats ids: "u1" (lines 2, 3)'],
  ])('when the export is %s, then the review does not start, the channel and status say why, and nothing is filed', async (_what, text, fragment) => {
    const h = await harness(5);
    writeExport(h, 'vercel.csv', text);
    const answer = await startReview(h, 'vercel');
    expect(answer).toMatch(/^Could not list the accounts of Vercel: exports\/vercel\.csv /);
    expect(answer).toContain(fragment);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM access_reviews').pluck().get()).toBe(0);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM snapshots').pluck().get()).toBe(0);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM artifact_jobs').pluck().get()).toBe(0);
    expect(h.double.messages('C0COMPLIAN').some((message) => (message.text ?? '').startsWith(':x: Could not list the accounts of Vercel'))).toBe(true);
    const status = await h.driver.command('U0ADMIN001', '/evidence', 'status');
    expect(JSON.stringify(status.json)).toContain('Account listing failing');
    // Other systems are not affected.
    expect(await startReview(h, 'github')).toMatch(/^Access review of github/);
  });

  it('when the system is unknown, then the admin is told which systems exist', async () => {
    const h = await harness(5);
    const reply = await h.driver.command('U0ADMIN001', '/evidence', 'review gitlab');
    expect(JSON.stringify(reply.json)).toContain('Unknown system \\"gitlab\\". Configured systems: github, vercel.');
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM snapshots').pluck().get()).toBe(0);
  });

  it('when accounts are routed to their managers, then each manager signs a part and the review completes with the last', async () => {
    const h = await startTestApp({
      yaml: `admins: [U0ADMIN001]\nmanagers:\n  U0ENGINEE1: U0MANAGER1\n  U0ENGINEE2: U0ADMIN001\nsystems:\n  - id: linear\n    name: Linear\n    reviewers: [U0ADMIN001, U0MANAGER1]\n    routing: manager\n    connector: { type: file, path: exports/linear.csv }\n`,
    });
    const people = DEFAULT_PEOPLE.map((person) => `${person.id.toLowerCase()},${person.profile!.email},${person.real_name},member`);
    writeExport(h, 'linear.csv', `id,email,name,roles\n${people.join('\n')}\n`);
    await startReview(h, 'linear');
    await h.bot.services.tick();
    const parts = h.bot.db.prepare("SELECT assignee, json_array_length(json_extract(payload, '$.accountIds')) AS accounts FROM requests WHERE kind = 'access-review' ORDER BY assignee").all();
    // Eli's manager is Morgan and Dana's is Avery. Avery and Morgan have none: they go to the
    // first reviewer, Avery, who may not review her own account, so hers goes to Morgan.
    expect(parts).toEqual([
      { assignee: 'U0ADMIN001', accounts: 2 },
      { assignee: 'U0MANAGER1', accounts: 2 },
    ]);
    for (const reviewer of ['U0MANAGER1', 'U0ADMIN001']) {
      const view = await openFromDm(h, reviewer);
      await h.driver.submitView(reviewer, view.id, ATTESTED);
      await eventually(() => h.bot.db.prepare("SELECT state FROM requests WHERE kind = 'access-review' AND assignee = ?").pluck().get(reviewer) === 'answered');
    }
    const kinds = await eventually(() => {
      const filed = [...readLedger(h.bot.db)].map((entry) => entry.kind).sort();
      return filed.length === 4 ? filed : undefined;
    });
    expect(kinds).toEqual(['access-review', 'access-review-part', 'access-review-part', 'access-snapshot']);
    expect(h.bot.db.prepare('SELECT state FROM access_reviews').pluck().get()).toBe('completed');
  });
});
