import { main as cli } from '../cli.ts';
import type { CliIo } from '../cli/context.ts';

/** The gaps the demo plants on purpose: `evidence gaps` must list exactly these, and nothing else. */
export const PLANTED_GAPS = [
  'acknowledgment:2026:U0DEMOENG4',
  'incident-resolution:sentry:issue:1170820242',
  'postmortem:sentry:issue:1170820242',
  'access-review:linear:2026-Q1',
];

const SAMPLED_WEEK = '2026-W09';
const SAMPLED_CONTROL = 'CC6.3';

/**
 * After the quarter: the auditor's questions, answered by the CLI over what the bot filed.
 * Returns the exit code: non-zero when a mapping is questioned, verify fails, the gaps differ from
 * the planted ones, or the package could not be made.
 */
export async function auditorsTurn(io: CliIo): Promise<number> {
  // The rules read every record first (no ANTHROPIC_API_KEY here, so no second reader); the report is filed too.
  console.log('\n$ evidence check-mapping');
  const mapped = await cli(['check-mapping'], { ...io, out: (text) => {
    // Each supported pair is a line; the demo shows the summary and anything that is not.
    const shown = text.split('\n').filter((line) => !line.startsWith('supported '));
    if (shown.length > 0) console.log(shown.join('\n'));
  } });
  console.log('\n$ evidence verify');
  const verified = await cli(['verify'], io);
  console.log('\n$ evidence gaps');
  await cli(['gaps'], io);
  const found: string[] = [];
  await cli(['gaps', '--json'], { ...io, out: (text) => found.push(...(JSON.parse(text) as { gaps: { id: string }[] }).gaps.map((gap) => gap.id)) });
  const exact = found.length === PLANTED_GAPS.length && PLANTED_GAPS.every((id) => found.includes(id));
  console.log(exact ? `Exactly the ${PLANTED_GAPS.length} gaps the script planted, and nothing else.` : `The gaps differ from the planted ones: planted ${PLANTED_GAPS.join(', ')}; found ${found.join(', ')}.`);
  console.log(`\n$ evidence sample ${SAMPLED_WEEK} ${SAMPLED_CONTROL}`);
  await cli(['sample', SAMPLED_WEEK, SAMPLED_CONTROL], io);
  console.log(`\n$ evidence package ${SAMPLED_WEEK} ${SAMPLED_WEEK}`);
  const packaged = await cli(['package', SAMPLED_WEEK, SAMPLED_WEEK], io);
  return verified !== 0 || mapped !== 0 || !exact || packaged !== 0 ? 1 : 0;
}
