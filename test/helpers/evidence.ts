import path from 'node:path';
import { ManualClock } from '../../src/clock.ts';
import { parseSettings, type Settings } from '../../src/config.ts';
import { createEvidence } from '../../src/evidence/evidence.ts';
import { LocalSink } from '../../src/evidence/sinks/local.ts';
import type { Sink } from '../../src/evidence/sinks/types.ts';
import { JsonLogger } from '../../src/logger.ts';
import { openDatabase } from '../../src/store/db.ts';
import { tempDir } from './temp.ts';

export { sampleSpec } from './sample-spec.ts';

export function testSettings(yaml = ''): Settings {
  return parseSettings(yaml, 'test config');
}

export interface Harness {
  dir: string;
  dbFile: string;
  db: ReturnType<typeof openDatabase>;
  sink: Sink;
  clock: ManualClock;
  logs: string[];
  settings: Settings;
  evidence: ReturnType<typeof createEvidence>;
}

/** A real SQLite file and a real sink (a local folder unless one is given) under a temp folder. */
export function evidenceHarness(options: { sink?: Sink; yaml?: string; clock?: ManualClock } = {}): Harness {
  const dir = tempDir();
  const dbFile = path.join(dir, 'evidence.db');
  const db = openDatabase(dbFile);
  const sink = options.sink ?? new LocalSink(path.join(dir, 'sink'));
  const clock = options.clock ?? new ManualClock('2026-07-03T14:05:00.000Z');
  const logs: string[] = [];
  const logger = new JsonLogger({ level: 'debug', write: (line) => logs.push(line), now: () => clock.now() });
  const settings = testSettings(options.yaml);
  const evidence = createEvidence({ db, sink, clock, logger, settings, uploader: { baseDelayMs: 1_000, maxDelayMs: 60_000 } });
  return { dir, dbFile, db, sink, clock, logs, settings, evidence };
}
