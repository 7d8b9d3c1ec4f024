import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { main as cli } from '../cli.ts';
import { ManualClock } from '../clock.ts';
import { parseSettings } from '../config.ts';
import { createEvidence } from '../evidence/evidence.ts';
import { LocalSink } from '../evidence/sinks/local.ts';
import { newId } from '../ids.ts';
import { JsonLogger } from '../logger.ts';
import { openDatabase } from '../store/db.ts';

/**
 * `npm run demo`: files example evidence through the real pipeline into demo-output/, anchors
 * the ledger, verifies it, and prints `evidence status`.
 */
const out = path.resolve('demo-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const clock = new ManualClock('2026-07-03T14:00:00Z');
const db = openDatabase(path.join(out, 'evidence.db'));
const logger = new JsonLogger({ level: 'warn' });
const settings = parseSettings('organization: Example Inc.\n', 'demo');
const evidence = createEvidence({ db, sink: new LocalSink(path.join(out, 'evidence')), clock, logger, settings });

const people = ['Ann Lee', 'Bo Chen', 'Carmen Díaz'];
for (const name of people) {
  const id = newId();
  const email = `${name.split(' ')[0]!.toLowerCase()}@example.com`;
  evidence.enqueue({
    sourceKey: `demo:ack:${email}`,
    id,
    kind: 'acknowledgment',
    controls: ['CC1.4', 'CC2.2'],
    period: '2026',
    capturedAt: clock.advance(3_600_000).toISOString(),
    subject: email.replace(/[@.]/g, '-'),
    subjectLabel: name,
    title: `Policy acknowledgment: ${name}`,
    signer: { name, email, slackId: `U0${id.toUpperCase().slice(0, 8)}`, timeZone: 'America/New_York' },
    sections: [{ heading: 'Policy', blocks: [{ type: 'fields', rows: [['Policy', 'Information Security Policy'], ['Version', '2026.1']] }] }],
    history: [
      { at: '2026-07-01T13:00:00.000Z', what: 'asked', detail: 'DM sent' },
      { at: clock.now().toISOString(), what: 'answered' },
    ],
    payload: { acknowledged: true, policy: 'infosec', version: '2026.1' },
    format: 'pdf',
  });
}
const { filed, drained } = await evidence.flush();
evidence.checkpoint();
await evidence.uploader.drain();
db.close();
console.log(`Filed ${filed.length} artifacts (${drained.uploaded} objects) into ${path.relative(process.cwd(), out)}/evidence.\n`);

const env = { EVIDENCE_DB: path.join(out, 'evidence.db'), EVIDENCE_DIR: path.join(out, 'evidence'), EVIDENCE_CONFIG: undefined };
const io = { out: (text: string) => console.log(text), err: (text: string) => console.error(text), env, cwd: process.cwd(), isTTY: false };
console.log('$ evidence verify');
const verified = await cli(['verify'], io);
console.log('\n$ evidence status');
await cli(['status'], io);
process.exitCode = verified;
