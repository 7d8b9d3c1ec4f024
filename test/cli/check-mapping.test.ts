import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import type { CliIo } from '../../src/cli/context.ts';
import { readLedger } from '../../src/evidence/ledger.ts';
import { openDatabase } from '../../src/store/db.ts';
import { accessReview, acknowledgment, mappingStore } from '../audit/mapping/fixtures.ts';
import { AnthropicDouble, toolAnswer } from '../helpers/anthropic-double.ts';

function io(env: Record<string, string>, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (text) => out.push(text), err: (text) => err.push(text), env, cwd, isTTY: false };
  return { io: value, out, err };
}

/** The ledger's kinds, read the way the CLI opens the database. */
function kinds(dbFile: string): string[] {
  const db = openDatabase(dbFile);
  try {
    return [...readLedger(db)].map((entry) => entry.kind);
  } finally {
    db.close();
  }
}

let anthropic: AnthropicDouble | undefined;
afterEach(async () => {
  await anthropic?.close();
  anthropic = undefined;
});

describe('evidence check-mapping', () => {
  it('when every pair is supported, then it exits 0, files the report, and says where', async () => {
    const s = await mappingStore([acknowledgment(), accessReview()]);
    s.h.db.close();
    const run = io(s.env, s.h.dir);

    expect(await main(['check-mapping'], run.io)).toBe(0);

    expect(run.out[0]).toBe('Mapping check of the observation window 2026-01-01 to 2026-06-30: 2 artifact(s), 5 kind/criterion pair(s): 5 supported, 0 questionable, 0 not supported.');
    expect(run.out[1]).toBe('Second reader: not consulted (no ANTHROPIC_API_KEY is configured).');
    expect(run.out.slice(2, 7)).toEqual([
      'supported     access-review under CC6.1 (1 artifact(s))',
      'supported     access-review under CC6.2 (1 artifact(s))',
      'supported     access-review under CC6.3 (1 artifact(s))',
      'supported     acknowledgment under CC1.4 (1 artifact(s))',
      'supported     acknowledgment under CC2.2 (1 artifact(s))',
    ]);
    expect(run.out[7]).toMatch(/^Filed as artifact [0-9a-z]{12} under CC1\.4, CC2\.2, CC6\.1, CC6\.2, CC6\.3: evidence\/CC1\.4\/\d{4}\/\d{2}\/\d{2}\/mapping-check\/evidence-mapping-\d{6}Z-[0-9a-z]{12}\.pdf\.$/);
    expect(run.out.at(-1)).toBe('Every pair is supported.');
    expect(run.err).toEqual([]);
    expect(kinds(s.h.dbFile)).toEqual(['acknowledgment', 'access-review', 'mapping-check']);
  });

  it('when a kind is misfiled, then it exits 1, names the pair and why, and --json gives the report and where it was filed', async () => {
    const s = await mappingStore([acknowledgment(), acknowledgment({ controls: ['CC6.1'] })]);
    s.h.db.close();
    const text = io(s.env, s.h.dir);

    expect(await main(['check-mapping', '--no-file'], text.io)).toBe(1);
    expect(text.out.slice(2, 5)).toEqual([
      'NOT SUPPORTED acknowledgment under CC6.1 (1 artifact(s))',
      '    An acknowledgment is a person\'s statement about policies: it grants, reviews or removes no access, so it cannot show that logical access was controlled.',
      '    Artifacts of the kind acknowledgment evidence CC1.1, CC1.4, CC1.5 and CC2.2. The criteria it is filed under come from acknowledgments.controls in the config.',
    ]);
    expect(text.out.slice(-2)).toEqual(['Not filed (--no-file).', '1 pair(s) need a person to look at them.']);
    expect(kinds(s.h.dbFile)).toEqual(['acknowledgment', 'acknowledgment']);

    const json = io(s.env, s.h.dir);
    expect(await main(['check-mapping', '--json'], json.io)).toBe(1);
    const report = JSON.parse(json.out.join('\n'));
    expect(report).toMatchObject({ schema: 'evidence-bot/mapping-check/v1', ok: false, counts: { pairs: 3, supported: 2, notSupported: 1 }, filing: { filed: true, controls: ['CC1.4', 'CC2.2', 'CC6.1'] } });
    expect(report.pairs.map((pair: { kind: string; control: string; verdict: string }) => `${pair.kind}/${pair.control}/${pair.verdict}`)).toEqual(['acknowledgment/CC1.4/supported', 'acknowledgment/CC2.2/supported', 'acknowledgment/CC6.1/not-supported']);
    expect(kinds(s.h.dbFile)).toEqual(['acknowledgment', 'acknowledgment', 'mapping-check']);
  });

  it('when ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL are set, then the model from audit.mappingModel is asked, and its disagreement alone makes the exit code 1', async () => {
    const yaml = 'organization: Example Inc.\naudit:\n  window: { from: 2026-01-01, to: 2026-06-30 }\n  mappingModel: claude-mapping-test\n';
    const s = await mappingStore([acknowledgment()], yaml);
    s.h.db.close();
    anthropic = await AnthropicDouble.start();
    anthropic.answerNext(toolAnswer({ verdict: 'supports', explanation: 'Training confirmed by name and date.', missing: [] }, 'submit_mapping_opinion'));
    anthropic.answerNext(toolAnswer({ verdict: 'partially', explanation: 'A receipt of policies is not a communication of objectives.', missing: ['objectives'] }, 'submit_mapping_opinion'));
    const run = io({ ...s.env, ANTHROPIC_API_KEY: anthropic.apiKey, ANTHROPIC_BASE_URL: anthropic.baseURL }, s.h.dir);

    expect(await main(['check-mapping', '--no-file'], run.io)).toBe(1);

    expect(anthropic.requests.map((request) => request.body.model)).toEqual(['claude-mapping-test', 'claude-mapping-test']);
    expect(run.out[1]).toBe('Second reader claude-mapping-test: consulted for 2 of 2 pair(s), agrees with 1, disagrees with 1.');
    expect(run.out.slice(2, 4)).toEqual(['supported     acknowledgment under CC2.2 (1 artifact(s))', '    model: partially, DISAGREES with the rules: A receipt of policies is not a communication of objectives.']);
    expect(run.out.join('\n')).not.toContain(anthropic.apiKey);
    expect(run.err.join('\n')).not.toContain(anthropic.apiKey);
  });

  it('when it is given an argument, or --no-file goes to another command, then it is bad usage: exit 2 and nothing filed', async () => {
    const s = await mappingStore([acknowledgment()]);
    s.h.db.close();
    const extra = io(s.env, s.h.dir);
    expect(await main(['check-mapping', 'CC6.1'], extra.io)).toBe(2);
    expect(extra.err).toEqual(['evidence check-mapping takes no arguments (got "CC6.1"); usage: evidence check-mapping [--json] [--no-file]']);

    const misplaced = io(s.env, s.h.dir);
    expect(await main(['gaps', '--no-file'], misplaced.io)).toBe(2);
    expect(misplaced.err[0]).toMatch(/^--no-file is an option of `evidence check-mapping`, not of gaps\n/);
    expect(kinds(s.h.dbFile)).toEqual(['acknowledgment']);
  });

  it('when the observation window starts after it ends, then it exits 2 with the reason', async () => {
    const s = await mappingStore([acknowledgment()], 'audit:\n  window: { from: 2099-01-01 }\n');
    s.h.db.close();
    const run = io(s.env, path.join(s.h.dir));

    expect(await main(['check-mapping'], run.io)).toBe(2);
    expect(run.err[0]).toMatch(/^audit\.window\.from \(2099-01-01\) is after the window's end \(\d{4}-\d{2}-\d{2}\)/);
  });
});
