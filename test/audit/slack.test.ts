import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/clock.ts';
import { checkBlocks } from '../../src/slack-double/index.ts';
import { fileArtifact } from '../fixtures/year.ts';
import { DEFAULT_YAML, startTestApp, type AppHarness } from '../helpers/app.ts';
import { eventually } from '../helpers/eventually.ts';
import { sampleSpec } from '../helpers/evidence.ts';

const YAML = `${DEFAULT_YAML}
systems:
  - { id: github, name: GitHub, reviewers: [U0MANAGER1] }
audit:
  window: { from: 2026-01-01 }
`;

type Blocks = { type: string; text?: { text: string }; elements?: { text: string }[] }[];

function textOf(blocks: Blocks): string {
  return blocks.map((block) => block.text?.text ?? block.elements?.map((element) => element.text).join(' ') ?? '').join('\n');
}

/** The answer posted to the command's response_url, once it arrives. */
async function responseTo(h: AppHarness, responseUrl: string): Promise<{ response_type: string; text: string; blocks: Blocks }> {
  const response = await eventually(() => h.double.responses().find((candidate) => candidate.url === responseUrl), { what: 'the answer on response_url' });
  return response.body as { response_type: string; text: string; blocks: Blocks };
}

async function fileReview(h: AppHarness, period: string, capturedAt: string) {
  const spec = sampleSpec({ kind: 'access-review', controls: ['CC6.1', 'CC6.2', 'CC6.3'], period, subject: 'github', subjectLabel: 'GitHub', title: `Access review: GitHub, ${period}`, capturedAt, signer: { name: 'Morgan Manager', email: 'morgan@example.com', slackId: 'U0MANAGER1', timeZone: 'America/New_York' } });
  h.bot.services.deps.evidence.enqueue(spec);
  await h.bot.services.deps.evidence.flush();
  return spec;
}

describe('the auditor in Slack', () => {
  it('when an admin samples a week, then the ack comes at once and the answer lists each control\'s artifacts with a path, and the controls with none', async () => {
    const h = await startTestApp({ yaml: YAML });
    const review = await fileReview(h, '2026-Q2', '2026-06-15T14:00:00.000Z');
    const reply = await h.driver.command('U0ADMIN001', '/evidence', 'sample 2026-W25');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ response_type: 'ephemeral', text: 'Sampling 2026-W25…' });
    expect(reply.ms).toBeLessThan(3_000);
    const answer = await responseTo(h, reply.responseUrl);
    expect(checkBlocks(answer.blocks, 'message')).toEqual([]);
    const text = textOf(answer.blocks);
    expect(answer.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Evidence sample: 2026-W25', emoji: true } });
    expect(text).toContain('Artifacts whose effective period overlaps 2026-06-15 to 2026-06-21: 1 in all, across 3 of 8 control(s).');
    expect(text).toContain('*CC6.1* · 1 artifact: access-review 1\n• access-review · github · 2026-Q2: signed by Morgan Manager, 2026-06-15\n');
    const entry = h.bot.db.prepare('SELECT key FROM artifacts WHERE id = ?').pluck().get(review.id) as string;
    expect(text).toContain(`\`${h.dir}/evidence/${entry}\``);
    expect(text).toContain(':warning: *No evidence covering 2026-W25:* CC1.4, CC2.2, CC7.3, CC7.4, CC7.5');
  });

  it('when a week has hundreds of artifacts, then the answer is a summary within Slack\'s limits that points at the CLI', async () => {
    const h = await startTestApp({ yaml: YAML });
    h.bot.db.transaction(() => {
      for (let p = 0; p < 400; p += 1) {
        fileArtifact(h.bot.db, { kind: 'acknowledgment', controls: ['CC1.4', 'CC2.2'], period: '2026', subject: `person-${p}`, capturedAt: new Date(Date.UTC(2026, 0, 20, 10, p % 60)), signer: { name: `Person ${p}`, email: null, slackId: `U${String(p).padStart(9, '0')}`, timeZone: 'UTC' } });
      }
    })();
    const reply = await h.driver.command('U0ADMIN001', '/evidence', 'sample 2026-06-01..2026-06-30 cc1.4');
    const answer = await responseTo(h, reply.responseUrl);
    expect(checkBlocks(answer.blocks, 'message')).toEqual([]);
    expect(answer.blocks.length).toBeLessThanOrEqual(50);
    const text = textOf(answer.blocks);
    expect(text).toContain('*CC1.4* · 400 artifacts: acknowledgment 400');
    expect(text).toContain('…and 397 more');
    expect(text).toContain('Every artifact with its link: `evidence sample 2026-06-01..2026-06-30`. For the auditor: `evidence package 2026-06-01 2026-06-30`.');
    expect(text).not.toContain('CC6.1');
  });

  it('when the period or control is not one, or the person is not an admin, then the ack says so and nothing is sampled', async () => {
    const h = await startTestApp({ yaml: YAML });
    const bad = await h.driver.command('U0ADMIN001', '/evidence', 'sample 2026-W54');
    expect(bad.json).toEqual({ response_type: 'ephemeral', text: '"2026-W54" is not a date (2026-06-14), an ISO week (2026-W23) or a range (2026-06-01..2026-06-30); months (2026-06) and quarters (2026-Q2) work too.' });
    const none = await h.driver.command('U0ADMIN001', '/evidence', 'sample');
    expect((none.json as { text: string }).text).toBe('Which period? Give a date (2026-06-14), an ISO week (2026-W23) or a range (2026-06-01..2026-06-30); months (2026-06) and quarters (2026-Q2) work too.');
    const out = await h.driver.command('U0ADMIN001', '/evidence', 'sample 2026-W23 CC9.1');
    expect((out.json as { text: string }).text).toBe('CC9.1 is not in scope for this audit. In scope: CC1.4, CC2.2, CC6.1, CC6.2, CC6.3, CC7.3, CC7.4, CC7.5.');
    const engineer = await h.driver.command('U0ENGINEE1', '/evidence', 'sample 2026-W23');
    expect((engineer.json as { text: string }).text).toContain('`/evidence sample` is for the compliance admins');
    expect(h.double.responses()).toEqual([]);
  });

  it('when an admin asks for status or opens App Home, then the gaps of the observation window are listed', async () => {
    const h = await startTestApp({ yaml: YAML });
    await fileReview(h, '2026-Q2', '2026-06-15T14:00:00.000Z');
    const reply = await h.driver.command('U0ADMIN001', '/evidence', 'status');
    const blocks = (reply.json as { blocks: Blocks }).blocks;
    expect(checkBlocks(blocks, 'message')).toEqual([]);
    // Q1 was never reviewed; Q2 was; Q3 is not over. Nobody has been seen yet, so no acknowledgment is owed.
    expect(textOf(blocks)).toContain(':warning: *1 gap* in the observation window (2026-01-01 to 2026-07-06):\n• GitHub: no access review for 2026-Q1');
    const cc14 = await h.driver.command('U0ADMIN001', '/evidence', 'status CC1.4');
    expect(textOf((cc14.json as { blocks: Blocks }).blocks)).toContain(':white_check_mark: *No gaps* in the observation window (2026-01-01 to 2026-07-06): 0 of 0 obligations met, 0 not due yet.');

    await h.driver.event({ type: 'app_home_opened', user: 'U0ADMIN001', channel: h.double.dmChannel('U0ADMIN001'), tab: 'home', event_ts: '1.3' });
    const home = await eventually(() => h.double.home('U0ADMIN001'), { what: 'the admin home' });
    expect(JSON.stringify(home.blocks)).toContain('GitHub: no access review for 2026-Q1');
  });

  it('when the digest is due, then the member list is refreshed and the gaps go to the compliance channel once a week', async () => {
    const h = await startTestApp({ yaml: YAML });
    await h.bot.services.tick();
    // The test app starts on Monday 2026-07-06 13:00 UTC; the next digest is Monday 2026-07-13 09:00 UTC.
    h.clock.set('2026-07-13T08:59:00.000Z');
    await h.bot.services.tick();
    expect(h.double.messages('C0COMPLIAN')).toEqual([]);
    h.clock.advance(2 * 60_000);
    const ticked = await h.bot.services.tick();
    expect(ticked.schedules).toContain('gap digest');
    const digest = h.double.messages('C0COMPLIAN');
    expect(digest).toHaveLength(1);
    expect(checkBlocks(digest[0]!.blocks, 'message')).toEqual([]);
    expect(h.double.callsOf('users.list').length).toBeGreaterThan(0);
    // Everyone seen on 2026-07-13 owes a 2026 acknowledgment a week later: not due yet. GitHub's Q1 and Q2 reviews are missing.
    expect(digest[0]!.text).toBe('Evidence gaps: 2 gaps in the observation window (2026-01-01 to 2026-07-13); 0 of 7 obligations met, 5 not due yet.');
    expect(textOf(digest[0]!.blocks as Blocks)).toContain('• GitHub: no access review for 2026-Q1\n• GitHub: no access review for 2026-Q2');

    h.clock.advance(6 * DAY + 23 * HOUR);
    await h.bot.services.tick();
    expect(h.double.messages('C0COMPLIAN')).toHaveLength(1);
    h.clock.advance(2 * HOUR);
    await h.bot.services.tick();
    const second = h.double.messages('C0COMPLIAN');
    expect(second).toHaveLength(2);
    expect(second[1]!.text).toBe('Evidence gaps: 6 gaps in the observation window (2026-01-01 to 2026-07-20); 0 of 7 obligations met, 1 not due yet.');
  });
});
