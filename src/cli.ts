import { parseArgs } from 'node:util';
import { ConfigError } from './config.ts';
import { DomainError } from './errors.ts';
import { isControlId } from './evidence/controls.ts';
import { checkMappingCommand } from './cli/check-mapping.ts';
import { doctorCommand } from './cli/doctor.ts';
import { gapsCommand } from './cli/gaps.ts';
import { lintCommand } from './cli/lint.ts';
import { packageCommand } from './cli/package.ts';
import { sampleCommand } from './cli/sample.ts';
import { statusCommand } from './cli/status.ts';
import { verifyCommand } from './cli/verify.ts';
import { openContext, type CliContext, type CliIo } from './cli/context.ts';

const USAGE = `usage: evidence <command> [--json]

commands:
  status [control]   artifacts per control and period, outbox backlog
  sample <date|week|from..to> [control]
                     every artifact covering the period, per control, with a link
                     (2026-06-14, 2026-W23, 2026-06-01..2026-06-30)
  package <from> <to> [--controls CC6.1,CC6.2] [--out file.zip]
                     one zip for the auditor: artifacts, index PDF, manifest, events
                     that needed evidence, ledger segment, checkpoints, VERIFY.md
  gaps [control]     every obligation of the observation window due without evidence
  check-mapping [--no-file]
                     does each kind of evidence support the criteria it is filed under?
                     rules decide, the model (ANTHROPIC_API_KEY) reads as a second
                     opinion; the report is filed as evidence unless --no-file
  verify             walk the hash chain, every stored object and every checkpoint
  lint               check every key in the sink follows the path schema
  doctor             config, database, sink (S3: versioning and Object Lock)
  checkpoint         anchor the ledger head in the sink now and upload what waits

Exit code 0 only when all is well.`;

/** Runs one CLI command; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false }, controls: { type: 'string' }, out: { type: 'string', short: 'o' }, 'no-file': { type: 'boolean', default: false } },
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    io.out(USAGE);
    return command || parsed.values.help ? 0 : 2;
  }
  const json = parsed.values.json ?? false;
  const controlArg = CONTROL_ARGUMENT[command];
  if (controlArg !== undefined && rest[controlArg]) {
    rest[controlArg] = rest[controlArg]!.toUpperCase();
    if (!isControlId(rest[controlArg]!)) {
      io.err(`unknown control ID ${JSON.stringify(rest[controlArg])}: expected a Trust Services Criterion such as CC6.1`);
      return 2;
    }
  }
  if ((parsed.values.controls !== undefined || parsed.values.out !== undefined) && command !== 'package') {
    io.err(`--controls and --out are options of \`evidence package\`, not of ${command}\n${USAGE}`);
    return 2;
  }
  const noFile = parsed.values['no-file'] ?? false;
  if (noFile && command !== 'check-mapping') {
    io.err(`--no-file is an option of \`evidence check-mapping\`, not of ${command}\n${USAGE}`);
    return 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
    return 2;
  }
  let ctx: CliContext;
  try {
    ctx = openContext(io);
  } catch (error) {
    io.err(error instanceof ConfigError ? error.message : `cannot start: ${(error as Error).message}`);
    return 2;
  }
  try {
    return await run(ctx, io, json, rest, { controls: parsed.values.controls, out: parsed.values.out, noFile });
  } catch (error) {
    // Bad input (a period that is not one, a control out of scope): said plainly, nothing written.
    if (error instanceof DomainError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  } finally {
    ctx.close();
  }
}

type Command = (ctx: CliContext, io: CliIo, json: boolean, args: string[], options: { controls?: string; out?: string; noFile: boolean }) => Promise<number>;

/** Which positional argument of a command is a control ID, checked before anything opens. */
const CONTROL_ARGUMENT: Record<string, number> = { status: 0, gaps: 0 };

const COMMANDS: Record<string, Command> = {
  status: (ctx, io, json, args) => statusCommand(ctx, io, json, args[0]),
  sample: (ctx, io, json, args) => sampleCommand(ctx, io, json, args),
  package: (ctx, io, json, args, options) => packageCommand(ctx, io, json, args, options),
  gaps: (ctx, io, json, args) => gapsCommand(ctx, io, json, args[0]),
  'check-mapping': (ctx, io, json, args, options) => checkMappingCommand(ctx, io, json, args, options),
  verify: (ctx, io, json) => verifyCommand(ctx, io, json),
  lint: (ctx, io, json) => lintCommand(ctx, io, json),
  doctor: (ctx, io, json) => doctorCommand(ctx, io, json),
  checkpoint: async (ctx, io, json) => {
    const checkpoint = ctx.evidence.checkpoint();
    const drained = await ctx.evidence.uploader.drain();
    const result = { checkpoint, uploaded: drained.uploaded, failed: drained.failed };
    io.out(json ? JSON.stringify(result, null, 2) : checkpoint ? `Checkpoint at ledger row ${checkpoint.head_seq} (${checkpoint.head_hash}); ${drained.uploaded} object(s) uploaded, ${drained.failed} failed.` : 'Nothing filed since the last checkpoint.');
    return drained.failed === 0 ? 0 : 1;
  },
};

function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    ...(process.stderr.isTTY ? { progress: { write: (text: string) => void process.stderr.write(text), columns: process.stderr.columns ?? 80 } } : {}),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
