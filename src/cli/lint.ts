import { lintKeys } from '../evidence/path-schema.ts';
import type { CliContext, CliIo } from './context.ts';

/** `evidence lint`: every key in the sink must follow the path schema. */
export async function lintCommand(ctx: CliContext, io: CliIo, json: boolean): Promise<number> {
  const prefix = ctx.config.settings.evidence.prefix;
  const keys: string[] = [];
  for await (const key of ctx.sink.list('')) keys.push(key);
  const result = lintKeys(keys, prefix);
  if (json) io.out(JSON.stringify({ sink: ctx.sink.description, ...result }, null, 2));
  else {
    for (const problem of result.problems) io.out(`BAD ${problem.key}: ${problem.reason}`);
    io.out(`${result.checked} keys checked in ${ctx.sink.description}, ${result.problems.length} do not follow ${prefix}/{control}/{yyyy}/{mm}/{dd}/{kind}/{subject}-{HHMMSS}Z-{id}.{pdf|json}.`);
  }
  return result.problems.length === 0 ? 0 : 1;
}
