import { loadConfig, type Config } from '../config.ts';
import { systemClock, type Clock } from '../clock.ts';
import { createEvidence, type Evidence } from '../evidence/evidence.ts';
import { sinkFromConfig } from '../evidence/sinks/from-config.ts';
import type { Sink } from '../evidence/sinks/types.ts';
import { JsonLogger, type Logger } from '../logger.ts';
import { openDatabase, type Db } from '../store/db.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  isTTY: boolean;
  /** Writes to stderr as is (no newline): for a progress bar, drawn only when stderr is a terminal. */
  progress?: { write: (text: string) => void; columns: number };
}

/** What every command needs, built from the same config the bot runs with. */
export interface CliContext {
  config: Config;
  db: Db;
  sink: Sink;
  clock: Clock;
  logger: Logger;
  evidence: Evidence;
  close: () => void;
}

export function openContext(io: CliIo, overrides: { sink?: Sink; clock?: Clock } = {}): CliContext {
  const config = loadConfig(io.env, io.cwd);
  const logger = new JsonLogger({ level: 'warn', secrets: config.secrets, write: io.err });
  const db = openDatabase(resolvePath(io.cwd, config.env.EVIDENCE_DB));
  const sink = overrides.sink ?? sinkFromConfig({ ...config, env: { ...config.env, EVIDENCE_DIR: resolvePath(io.cwd, config.env.EVIDENCE_DIR) } });
  const clock = overrides.clock ?? systemClock;
  const evidence = createEvidence({ db, sink, clock, logger, settings: config.settings });
  return { config, db, sink, clock, logger, evidence, close: () => db.close() };
}

function resolvePath(cwd: string, file: string): string {
  return file === ':memory:' || file.startsWith('/') ? file : `${cwd}/${file}`;
}
