import { describe, expect, it } from 'vitest';
import { INCIDENT_IDS } from '../../views/incident.ts';
import { startTestApp, type AppHarness } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';

const REPORT = {
  [INCIDENT_IDS.reportTitleBlock]: { [INCIDENT_IDS.reportTitleAction]: { type: 'plain_text_input', value: 'checkout is down' } },
  [INCIDENT_IDS.reportSeverityBlock]: { [INCIDENT_IDS.reportSeverityAction]: { type: 'static_select', selected_option: { value: 'SEV2' } } },
};

function incidentCount(h: AppHarness): number {
  return h.bot.db.prepare('SELECT COUNT(*) FROM incidents').pluck().get() as number;
}

function logEntries(h: AppHarness): Record<string, unknown>[] {
  return h.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function reportForm(h: AppHarness) {
  await h.driver.command('U0ENGINEE1', '/evidence', 'incident checkout is down');
  return eventually(() => h.double.views().find((view) => view.callback_id === INCIDENT_IDS.reportCallback), { what: 'the incident form' });
}

describe('errors a listener did not expect', () => {
  it('when a listener throws before it acks, then Slack gets a 500 at once whose reference is in the error log with the cause, nothing is stored, and the next request works', async () => {
    const h = await startTestApp();
    const form = await reportForm(h);
    // The seam: the database refuses the write, as a full disk or a corrupt page would.
    h.bot.db.exec("CREATE TEMP TRIGGER refuse_incidents BEFORE INSERT ON incidents BEGIN SELECT RAISE(ABORT, 'the disk is on fire'); END");

    const reply = await h.driver.submitView('U0ENGINEE1', form.id, REPORT);
    expect(reply.status).toBe(500);
    expect(reply.ms).toBeLessThan(1_500);
    const reference = /^internal error \(reference ([0-9a-f]{8})\)$/.exec((reply.json as { error?: string } | undefined)?.error ?? '')?.[1];
    expect(reference, JSON.stringify(reply.json)).toBeDefined();
    const logged = logEntries(h).filter((entry) => entry.reference === reference);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 'error', msg: 'unhandled error while processing a Slack request', error: { name: 'SqliteError', message: 'the disk is on fire' } });
    expect((logged[0]!.error as { stack?: string }).stack).toContain('at insertIncident');
    expect(incidentCount(h)).toBe(0);

    // Answered, so Bolt's 3-second timer has nothing to say about a missing ack.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    expect(logEntries(h).filter((entry) => String(entry.msg).includes('not acknowledged'))).toEqual([]);

    h.bot.db.exec('DROP TRIGGER refuse_incidents');
    const again = await h.driver.submitView('U0ENGINEE1', form.id, REPORT);
    expect(again.problems).toEqual([]);
    expect(incidentCount(h)).toBe(1);
  }, 15_000);

  it('when a signed view submission comes without view.state, so its listener throws reading it, then Slack gets a 400 at once saying what is missing', async () => {
    const h = await startTestApp();
    const view = { id: 'V0NOSTATE1', type: 'modal', callback_id: INCIDENT_IDS.resolutionCallback, private_metadata: '{}' };
    const body = new URLSearchParams({ payload: JSON.stringify({ type: 'view_submission', team: { id: h.double.teamId, domain: 'example' }, user: { id: 'U0ENGINEE1', team_id: h.double.teamId }, api_app_id: h.double.appId, token: 'x', view }) }).toString();
    const reply = await h.driver.raw(body, h.driver.sign(body, Math.floor(Date.now() / 1000)));
    expect(reply.status).toBe(400);
    expect(reply.ms).toBeLessThan(1_500);
    expect(reply.json).toEqual({ ok: false, error: 'malformed payload: a view_submission without view.state.values' });
    expect((await h.driver.command('U0ENGINEE1', '/evidence', 'help')).status).toBe(200);
  });
});
