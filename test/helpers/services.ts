import path from 'node:path';
import { ManualClock } from '../../src/clock.ts';
import { parseSettings } from '../../src/config.ts';
import { LocalSink } from '../../src/evidence/sinks/local.ts';
import { silentLogger } from '../../src/logger.ts';
import { createServices, type ServicesInput } from '../../src/services.ts';
import { webSlackPort } from '../../src/slack/web-port.ts';
import { openDatabase } from '../../src/store/db.ts';
import { clientFor, startDouble } from '../slack-double/setup.ts';
import { tempDir } from './temp.ts';

/**
 * The bot's services without its HTTP app: a real SQLite file, a local evidence folder and the
 * Slack double, plus a `check` request kind whose DM reads "Please look at <title>".
 */
export async function localServices(extra: Partial<ServicesInput> = {}) {
  const dir = tempDir();
  const double = await startDouble();
  const clock = new ManualClock('2026-07-06T13:00:00.000Z');
  const db = openDatabase(path.join(dir, 'evidence.db'));
  const services = createServices({
    db,
    sink: new LocalSink(path.join(dir, 'evidence')),
    slack: webSlackPort({ client: clientFor(double) }),
    clock,
    logger: silentLogger(),
    settings: parseSettings('admins: [U0MANAGER1]\n', 'test config'),
    ...extra,
  });
  services.deps.kinds.register({ kind: 'check', buttonLabel: 'Open', askMessage: (request) => ({ text: `Please look at ${request.title}` }), open: async () => undefined });
  return { db, clock, double, services };
}
