import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as cli } from '../../src/cli.ts';
import { readLedger } from '../../src/evidence/ledger.ts';
import { parseKey } from '../../src/evidence/path-schema.ts';
import { INCIDENT_IDS } from '../../views/incident.ts';
import type { AppHarness } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';
import { pdfPages } from '../helpers/pdf-text.ts';
import { evidenceHeaders, postWebhook } from '../helpers/webhooks.ts';
import { GENERIC_SECRET, incidents, openRequestModal, resolutionValues, startIncidentApp } from '../flows/incidents/harness.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

async function cliRun(h: AppHarness, args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const env = { EVIDENCE_CONFIG: path.join(h.dir, 'evidence.config.yaml'), EVIDENCE_DB: path.join(h.dir, 'evidence.db'), EVIDENCE_DIR: path.join(h.dir, 'evidence') };
  const code = await cli(args, { out: (text) => out.push(text), err: (text) => out.push(text), env, cwd: h.dir, isTTY: false });
  return { code, out: out.join('\n') };
}

/** An incident from the generic webhook, resolved, with its on-call asked. */
async function reportIncident(h: AppHarness, reference: string, title: string) {
  const body = JSON.stringify({ event_id: `e-${reference.length}`, type: 'resolved', occurred_at: '2026-07-06T13:30:00Z', incident: { id: 'x-1', reference, title, assignees: [{ email: 'eli@example.com' }] } });
  expect((await postWebhook(h.baseUrl, 'incident', body, evidenceHeaders(body, GENERIC_SECRET))).status).toBe(200);
  const incident = await eventually(() => incidents(h).find((row) => row.resolution_request_id && row.sync_needed === 0));
  h.clock.advance(24 * 3_600_000);
  await h.bot.services.tick();
  return incident;
}

describe('security: names aimed at the path schema, text aimed at the PDF', () => {
  it('when an incident reference climbs directories and carries NUL, and the text is hostile, then the artifact is filed under a clean key inside the evidence folder and still reads', async () => {
    const h = await startIncidentApp();
    const reference = '../../../../etc/passwd\u0000%2e%2e';
    const title = `\u202Egnp.exe\u202C Zero\u200Bwidth; %PDF-1.7\n1 0 obj << /JavaScript (app.alert(1)) >> endobj ${'W'.repeat(400)}`;
    const incident = await reportIncident(h, reference, title);
    const modal = await openRequestModal(h, 'U0ENGINEE1', incident.resolution_request_id!, INCIDENT_IDS.resolutionCallback);
    const values = resolutionValues({ detectedAt: '2026-07-06T13:00:00Z', resolvedAt: '2026-07-06T13:30:00Z' });
    values[INCIDENT_IDS.narrativeBlock] = { [INCIDENT_IDS.narrativeAction]: { type: 'plain_text_input', value: `Fixed. ${'x'.repeat(2_900)} \u0000 <script>alert(1)</script> ){}(` } };
    expect((await h.driver.submitView('U0ENGINEE1', modal.id, values)).problems).toEqual([]);

    const entry = await eventually(() => [...readLedger(h.bot.db)].find((row) => row.kind === 'incident-resolution'));
    expect(entry.subject).toBe('etc-passwd-2e-2e');
    const parsed = parseKey(entry.key);
    expect(parsed.ok && parsed.parts.prefix).toBe('evidence');
    const pdf = (await eventually(() => h.bot.services.deps.evidence.sink.get(entry.key))) as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfPages(pdf).flat().join(' ');
    expect(text).toContain('Fixed.');
    // Hidden characters are shown for what they are, not obeyed.
    expect(text).toContain('[U+202E]gnp.exe[U+202C]');
    expect(text).toContain('Zero[U+200B]width');
    expect(text).not.toContain('\u202E');
    // Every file the sink wrote sits inside the evidence folder and parses as a key.
    await h.bot.services.tick();
    const written = files(path.join(h.dir, 'evidence'));
    expect(written.length).toBeGreaterThan(1);
    for (const file of written) expect(parseKey(file.split(path.sep).join('/')).ok, file).toBe(true);
    expect(await cliRun(h, ['lint'])).toMatchObject({ code: 0 });
    expect(await cliRun(h, ['verify'])).toMatchObject({ code: 0 });
  });

  it('when a reference uses look-alike letters from another script, then its subject cannot pass for the real one', async () => {
    const h = await startIncidentApp();
    // Cyrillic Р and Д look like Latin P and D.
    const incident = await reportIncident(h, '\u0420\u0414-4182', 'Look-alike');
    const modal = await openRequestModal(h, 'U0ENGINEE1', incident.resolution_request_id!, INCIDENT_IDS.resolutionCallback);
    await h.driver.submitView('U0ENGINEE1', modal.id, resolutionValues({ detectedAt: '2026-07-06T13:00:00Z', resolvedAt: '2026-07-06T13:30:00Z' }));
    const entry = await eventually(() => [...readLedger(h.bot.db)].find((row) => row.kind === 'incident-resolution'));
    expect(entry.subject).toBe('4182');
  });

  it('when an admin names a system with a path or markup, then the answer names no file, echoes no markup, and nothing starts', async () => {
    const h = await startIncidentApp({ yaml: 'admins: [U0ADMIN001]\nsystems:\n  - { id: github, name: GitHub, reviewers: [U0MANAGER1], connector: { type: file, path: exports/github.csv } }\n' });
    const reply = await h.driver.command('U0ADMIN001', '/evidence', 'review ../../etc/passwd<!channel>');
    expect(JSON.stringify(reply.json)).toContain('Unknown system \\"../../etc/passwd!channel\\". Configured systems: github.');
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM access_reviews').pluck().get()).toBe(0);
    expect(h.bot.db.prepare('SELECT COUNT(*) FROM snapshots').pluck().get()).toBe(0);
  });
});
