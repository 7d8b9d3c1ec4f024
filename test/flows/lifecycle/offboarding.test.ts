import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/clock.ts';
import { readLedger } from '../../../src/evidence/ledger.ts';
import { STEP_IDS } from '../../../views/checklist-step.ts';
import { eventually } from '../../helpers/eventually.ts';
import { pdfPages } from '../../helpers/pdf-text.ts';
import { ATTESTED, channelMessage, doStep, GITHUB_ROWS, IT, lifecycleApp, MANAGER, openAttestation, postHr, rejectedCalls, SECURITY, step, stepsOf, termination, VERCEL_ROWS, writeExport } from './harness.ts';

describe('offboarding, end to end over signed HTTP', () => {
  it('when IT marks GitHub done but the account is still there, then the check catches it, alerts security, blocks the attestation, and the checklist files once it is really gone', async () => {
    const h = await lifecycleApp();
    const reply = await postHr(h, termination());
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ ok: true, outcome: 'offboarding-started' });
    expect(h.bot.db.prepare("SELECT status, terminated_at, hr_id FROM hr_people WHERE email = 'lena@example.com'").get()).toEqual({ status: 'terminated', terminated_at: '2026-07-06T13:00:00.000Z', hr_id: 'E-1042' });
    await h.bot.services.tick();

    expect(stepsOf(h).map((s) => [s.step_key, s.state, s.assignee])).toEqual([
      ['access-github', 'open', IT],
      ['access-vercel', 'open', IT],
      ['other-access', 'open', IT],
      ['devices', 'open', IT],
      ['manager-attestation', 'waiting', MANAGER],
    ]);
    expect(h.bot.db.prepare("SELECT title FROM checklist_steps WHERE step_key = 'access-github'").pluck().get()).toBe('Remove lena@example.com from GitHub');
    expect(channelMessage(h)).toContain('Offboarding: Lena Rao');
    expect(channelMessage(h)).toContain('GitHub: lena@example.com (active)');

    // Vercel really is removed; GitHub is marked done but the account stays.
    writeExport(h, 'vercel', [VERCEL_ROWS[0]!]);
    expect((await doStep(h, IT, 'access-github', { note: 'Removed from the org.' })).problems).toEqual([]);
    expect((await doStep(h, IT, 'access-vercel', { note: 'Removed from the team.' })).problems).toEqual([]);
    expect((await doStep(h, IT, 'other-access', { outcome: 'not_applicable', note: 'No SSO: every system has a connector.' })).problems).toEqual([]);
    expect((await doStep(h, IT, 'devices', { note: 'Laptop returned.', link: 'https://tickets.example.com/IT-7' })).problems).toEqual([]);
    await h.bot.services.tick();

    const first = h.bot.db.prepare('SELECT reason, clean, results FROM offboarding_verifications ORDER BY at').get() as { reason: string; clean: number; results: string };
    expect(first.reason).toBe('every access step marked done');
    expect(first.clean).toBe(0);
    expect((JSON.parse(first.results) as { system: string; status: string }[]).map((r) => [r.system, r.status])).toEqual([
      ['github', 'remaining'],
      ['vercel', 'gone'],
    ]);
    expect(step(h, 'access-github').state).toBe('open');
    expect(step(h, 'manager-attestation')).toMatchObject({ state: 'waiting' });
    expect(step(h, 'manager-attestation').waiting_for).toContain('GitHub still has lena@example.com (active)');
    const alert = await eventually(() => h.double.messages(h.double.dmChannel(SECURITY)).find((message) => (message.text ?? '').startsWith('Offboarding of Lena Rao')), { what: 'the security alert' });
    expect(alert.text).toBe('Offboarding of Lena Rao: GitHub still has the account');
    expect(h.double.messages('C0COMPLIAN').some((message) => message.text === 'Offboarding of Lena Rao: GitHub still has the account')).toBe(true);
    expect(channelMessage(h)).toContain('*still has* lena@example.com (active)');
    const reasked = h.double.messages(h.double.dmChannel(IT)).filter((message) => JSON.stringify(message.blocks).includes('Asked again'));
    expect(reasked).toHaveLength(1);

    writeExport(h, 'github', [GITHUB_ROWS[0]!]);
    h.clock.advance(HOUR);
    expect((await doStep(h, IT, 'access-github', { note: 'Removed for real this time; she was an org owner.' })).problems).toEqual([]);
    await h.bot.services.tick();
    expect(h.bot.db.prepare('SELECT clean FROM offboarding_verifications ORDER BY at').pluck().all()).toEqual([0, 1]);
    expect(step(h, 'manager-attestation')).toMatchObject({ state: 'open', assignee: MANAGER });

    const view = await openAttestation(h, MANAGER);
    expect(JSON.stringify(view.blocks)).not.toContain('cannot be signed yet');
    const signed = await h.driver.submitView(MANAGER, view.id, ATTESTED);
    expect(signed.problems).toEqual([]);
    expect(h.bot.db.prepare('SELECT state FROM checklists').pluck().get()).toBe('completed');

    await h.bot.services.tick();
    const pdfEntry = await eventually(() => [...readLedger(h.bot.db)].find((entry) => entry.kind === 'offboarding-checklist'), { what: 'the checklist PDF' });
    expect(pdfEntry).toMatchObject({ controls: ['CC6.2', 'CC6.3'], period: '2026-07-06', subject: 'lena-rao' });
    expect(pdfEntry.signer?.slackId).toBe(MANAGER);
    const stepRecords = [...readLedger(h.bot.db)].filter((entry) => entry.kind === 'checklist-step');
    // Four steps, GitHub's twice (the first claim stays on record), and the attestation.
    expect(stepRecords).toHaveLength(6);
    const text = pdfPages(await eventually(() => h.bot.services.deps.evidence.sink.get(pdfEntry.key))).flat();
    expect(text).toEqual(expect.arrayContaining(['Remove lena@example.com from GitHub', 'Recover the laptop and other devices', 'STILL ACTIVE', 'gone']));
    const sidecar = JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(pdfEntry.sidecar_key!))).toString());
    expect(sidecar.payload.verifications.map((v: { clean: boolean }) => v.clean)).toEqual([false, true]);
    expect(sidecar.payload.attestation).toMatchObject({ signer_slack_id: MANAGER, comment: 'Laptop returned to IT.' });
    const github = sidecar.payload.steps.find((s: { key: string }) => s.key === 'access-github');
    const record = stepRecords.find((entry) => entry.id === github.artifact_id)!;
    expect(github.payload_sha256).toBe(record.payload_sha256);
    // The lists read when offboarding started are filed too, and the checklist cites each one.
    const found = sidecar.payload.discovery as { system: string; sha256: string; snapshotArtifactId: string }[];
    expect(found.length).toBeGreaterThan(0);
    for (const entry of found) {
      const list = [...readLedger(h.bot.db)].find((row) => row.id === entry.snapshotArtifactId)!;
      expect(list).toMatchObject({ kind: 'access-snapshot', subject: entry.system });
      expect(JSON.parse((await eventually(() => h.bot.services.deps.evidence.sink.get(list.key))).toString()).payload.sha256).toBe(entry.sha256);
    }
    expect(channelMessage(h)).toContain(`filed as evidence \`${pdfEntry.id}\``);
    expect(rejectedCalls(h)).toEqual([]);
  });

  it('when nobody removes the access, then the owner is reminded before the 24 h deadline, their manager is told at it, the deadline check alerts security, and the channel hears after', async () => {
    const h = await lifecycleApp();
    await postHr(h, termination());
    await h.bot.services.tick();
    const github = step(h, 'access-github').request_id!;
    const events = () => h.bot.db.prepare('SELECT what, detail FROM request_events WHERE request_id = ? ORDER BY id').all(github) as { what: string; detail: string }[];

    h.clock.advance(20 * HOUR);
    await h.bot.services.tick();
    expect(events().map((e) => e.what)).toEqual(['created', 'asked', 'reminded']);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM offboarding_verifications').pluck().get()).toBe(0);

    h.clock.advance(4 * HOUR);
    await h.bot.services.tick();
    // The second reminder (every 4 h) falls due with the escalation: the engine sends both.
    expect(events().map((e) => e.what)).toEqual(['created', 'asked', 'reminded', 'reminded', 'escalated']);
    expect(events().at(-1)!.detail).toBe(`escalated to manager <@${MANAGER}>`);
    const check = h.bot.db.prepare('SELECT reason, clean FROM offboarding_verifications').get();
    expect(check).toEqual({ reason: 'access-removal deadline', clean: 0 });
    expect(h.double.messages(h.double.dmChannel(SECURITY)).map((message) => message.text)).toContain('Offboarding of Lena Rao: GitHub still has the account; Vercel still has the account');
    expect(channelMessage(h)).toContain('*overdue*');

    h.clock.advance(12 * HOUR);
    await h.bot.services.tick();
    expect(events().at(-1)!.detail).toBe('escalated to the compliance channel <#C0COMPLIAN>');
    // The check repeats every 6 h while access remains; missed repeats collapse into one.
    expect(h.bot.db.prepare('SELECT reason FROM offboarding_verifications ORDER BY at').pluck().all()).toEqual(['access-removal deadline', 'check repeated']);
    expect(rejectedCalls(h)).toEqual([]);
  });

  it('when the bot restarts before the systems were listed, then the first tick back lists them and asks each owner once', async () => {
    const h = await lifecycleApp();
    await postHr(h, termination());
    // The webhook's answer does not wait for the listing; stop before it happens.
    await h.restart();
    await h.bot.services.tick();
    await h.bot.services.tick();
    expect(stepsOf(h).filter((s) => s.kind === 'access-removal').map((s) => [s.step_key, s.state])).toEqual([
      ['access-github', 'open'],
      ['access-vercel', 'open'],
    ]);
    const asked = h.double.messages(h.double.dmChannel(IT)).filter((message) => (message.text ?? '').startsWith('Offboarding of Lena Rao: Remove lena'));
    expect(asked.map((message) => message.text?.replace(/, due .*/, ''))).toEqual(['Offboarding of Lena Rao: Remove lena@example.com from GitHub', 'Offboarding of Lena Rao: Remove lena@example.com from Vercel']);
    expect(h.double.messages('C0COMPLIAN').filter((message) => JSON.stringify(message.blocks ?? []).includes('"type":"header"'))).toHaveLength(1);
  });

  it('when the manager tries to attest while a system could not be listed, then it is refused with the reason, and nothing is filed', async () => {
    const h = await lifecycleApp();
    await postHr(h, termination());
    await h.bot.services.tick();
    writeExport(h, 'github', [GITHUB_ROWS[0]!]);
    writeExport(h, 'vercel', [VERCEL_ROWS[0]!]);
    for (const key of ['access-github', 'access-vercel', 'other-access', 'devices']) await doStep(h, IT, key, { note: 'done' });
    await h.bot.services.tick();
    expect(step(h, 'manager-attestation').state).toBe('open');
    const view = await openAttestation(h, MANAGER);
    // Vercel's export disappears before the manager signs; the deadline check finds it unreadable.
    const { rmSync } = await import('node:fs');
    rmSync(`${h.dir}/exports/vercel.csv`);
    h.clock.advance(24 * HOUR);
    await h.bot.services.tick();
    const refused = await h.driver.submitView(MANAGER, view.id, ATTESTED);
    const errors = (refused.json as { errors: Record<string, string> }).errors;
    expect(errors[STEP_IDS.attestBlock]).toMatch(/^This cannot be signed yet: Vercel could not be checked: /);
    expect(h.bot.db.prepare('SELECT state FROM checklists').pluck().get()).toBe('open');
    expect([...readLedger(h.bot.db)].some((entry) => entry.kind === 'offboarding-checklist')).toBe(false);
  });
});
