import { main } from '../../../src/cli.ts';
import { loadConfig } from '../../../src/config.ts';
import { checkpointPrefix } from '../../../src/evidence/checkpoint.ts';
import { sinkFromConfig } from '../../../src/evidence/sinks/from-config.ts';
import type { Sink } from '../../../src/evidence/sinks/types.ts';
import type { BotUnderTest } from './bot-under-test.ts';

/** What a run left behind, counted the way an auditor would. */
export interface Census {
  /** Requests of the flow's kinds: asks to a person. */
  requests: number;
  /** Of those, answered by the person (signed). */
  responses: number;
  /** Ledger entries filed for those signed responses. */
  artifacts: number;
  /** Every ledger entry (snapshots and confirmations included). */
  ledger: number;
  /** Objects in the sink, ledger checkpoints not counted. */
  sinkObjects: number;
  checkpoints: number;
}

interface Response {
  id: string;
  kind: string;
  artifact_id: string | null;
}

interface LedgerRow {
  id: string;
  kind: string;
  request_id: string | null;
  key: string;
  sidecar_key: string | null;
}

function kindsIn(kinds: readonly string[]): string {
  return kinds.map((kind) => `'${kind.replace(/'/g, "''")}'`).join(', ');
}

/** The sink as `evidence verify` sees it: built from the same environment as the bot. */
export function sinkOf(bot: BotUnderTest): Sink {
  return sinkFromConfig(loadConfig(bot.env, bot.dir));
}

async function listSink(bot: BotUnderTest): Promise<string[]> {
  const config = loadConfig(bot.env, bot.dir);
  const keys: string[] = [];
  for await (const key of sinkFromConfig(config).list(`${config.settings.evidence.prefix}/`)) keys.push(key);
  return keys;
}

function responsesOf(bot: BotUnderTest, kinds: readonly string[]): Response[] {
  // Answered by the person asked: a revocation the next listing closed by itself is the bot's, not a signature.
  return bot.db.prepare(`SELECT id, kind, artifact_id FROM requests WHERE kind IN (${kindsIn(kinds)}) AND state = 'answered' AND answered_by != 'evidence-bot'`).all() as Response[];
}

/** Counts; with `sink: false` the sink is not listed (it may be down) and its counts are 0. */
export async function takeCensus(bot: BotUnderTest, kinds: readonly string[], options: { sink?: boolean } = {}): Promise<Census> {
  const db = bot.db;
  const responses = responsesOf(bot, kinds);
  const ledger = db.prepare('SELECT id FROM artifacts').pluck().all() as string[];
  const filed = new Set(ledger);
  const prefix = checkpointPrefix(loadConfig(bot.env, bot.dir).settings.evidence.prefix);
  const keys = options.sink === false ? [] : await listSink(bot);
  return {
    requests: db.prepare(`SELECT COUNT(*) FROM requests WHERE kind IN (${kindsIn(kinds)})`).pluck().get() as number,
    responses: responses.length,
    artifacts: responses.filter((response) => response.artifact_id && filed.has(response.artifact_id)).length,
    ledger: ledger.length,
    sinkObjects: keys.filter((key) => !key.startsWith(prefix)).length,
    checkpoints: keys.filter((key) => key.startsWith(prefix)).length,
  };
}

/** Runs `evidence verify --json` on the bot's database and sink, as an operator would. */
export async function evidenceVerify(bot: BotUnderTest): Promise<{ code: number; report: { ok: boolean; artifacts: number; objectsChecked: number; objectsPending: number; findings: { code: string; message: string }[] } }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['verify', '--json'], { out: (text) => out.push(text), err: (text) => err.push(text), env: bot.env, cwd: bot.dir, isTTY: false });
  if (out.length === 0) throw new Error(`evidence verify printed nothing (exit ${code}): ${err.join('\n')}`);
  return { code, report: JSON.parse(out.join('\n')) };
}

/**
 * Everything that must hold once the bot has settled, as sentences naming what does not:
 * every signed response has exactly one ledger entry and its objects in the sink; nothing is
 * filed twice, nothing waits, nothing in the sink is unaccounted for; `evidence verify` passes.
 */
export async function evidenceProblems(bot: BotUnderTest, kinds: readonly string[], signed?: ReadonlySet<string>): Promise<string[]> {
  const db = bot.db;
  const problems: string[] = [];
  const responses = responsesOf(bot, kinds);
  const ledger = db.prepare('SELECT id, kind, request_id, key, sidecar_key FROM artifacts ORDER BY seq').all() as LedgerRow[];
  const byId = new Map(ledger.map((row) => [row.id, row]));

  if (signed) {
    const answered = new Set(responses.map((response) => response.id));
    for (const id of signed) if (!answered.has(id)) problems.push(`request ${id} was signed but is not recorded as answered`);
    for (const id of answered) if (!signed.has(id)) problems.push(`request ${id} is recorded as answered but nobody signed it`);
  }
  for (const response of responses) {
    if (!response.artifact_id) problems.push(`${response.kind} request ${response.id} was signed but has no artifact ID`);
    else if (!byId.has(response.artifact_id)) problems.push(`${response.kind} request ${response.id} was signed but its artifact ${response.artifact_id} is not in the ledger`);
  }
  const perRequest = new Map<string, number>();
  for (const row of ledger) {
    if (!row.request_id) continue;
    const key = `${row.kind} for request ${row.request_id}`;
    perRequest.set(key, (perRequest.get(key) ?? 0) + 1);
  }
  for (const [what, count] of perRequest) if (count > 1) problems.push(`${count} ledger entries of ${what}: filed more than once`);

  const jobs = db.prepare('SELECT COUNT(*) FROM artifact_jobs').pluck().get() as number;
  const pending = db.prepare('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL').pluck().get() as number;
  if (jobs > 0) problems.push(`${jobs} signed response(s) still wait to be filed`);
  if (pending > 0) problems.push(`${pending} object(s) still wait in the outbox`);

  const prefix = checkpointPrefix(loadConfig(bot.env, bot.dir).settings.evidence.prefix);
  const stored = (await listSink(bot)).filter((key) => !key.startsWith(prefix));
  const expected = new Set(ledger.flatMap((row) => (row.sidecar_key ? [row.key, row.sidecar_key] : [row.key])));
  const storedSet = new Set(stored);
  for (const key of expected) if (!storedSet.has(key)) problems.push(`${key} is in the ledger but not in the sink`);
  for (const key of storedSet) if (!expected.has(key)) problems.push(`${key} is in the sink but not in the ledger`);
  if (stored.length !== storedSet.size) problems.push('the sink lists a key twice');

  const verify = await evidenceVerify(bot);
  if (verify.code !== 0) problems.push(`evidence verify exited ${verify.code}: ${verify.report.findings.map((finding) => `${finding.code}: ${finding.message}`).join('; ')}`);
  return problems;
}
