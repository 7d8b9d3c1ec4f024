import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { main as cli } from '../cli.ts';
import { HOUR, ManualClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { startBot, type Bot } from '../bot.ts';
import { JsonLogger } from '../logger.ts';
import { SlackDouble, SlackDriver } from '../slack-double/index.ts';
import { DemoActors } from './actors.ts';
import { printStatusReply, writeTranscript } from './output.ts';
import { DEMO_CHANNEL, DEMO_CONFIG, DEMO_NEW_HIRE, DEMO_PEOPLE } from './workspace.ts';

/**
 * `npm run demo`: the real app, in HTTP mode on 127.0.0.1, against the local Slack double, with
 * a clock that plays a month in seconds. Everything a person does goes through signed HTTP, as
 * Slack would send it. Writes demo-output/: the evidence folder, the SQLite file, the bot's
 * JSON log and slack-transcript.jsonl (every Web API call the bot made).
 */
const out = path.resolve('demo-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'evidence.config.yaml'), DEMO_CONFIG);

const double = await SlackDouble.start({ token: 'xoxb-demo-token' });
for (const person of DEMO_PEOPLE) double.addUser(person);
double.addChannel(DEMO_CHANNEL);
const signingSecret = randomBytes(16).toString('hex');
const env = {
  SLACK_BOT_TOKEN: 'xoxb-demo-token',
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_API_URL: double.apiUrl,
  EVIDENCE_CONFIG: path.join(out, 'evidence.config.yaml'),
  EVIDENCE_DB: path.join(out, 'evidence.db'),
  EVIDENCE_DIR: path.join(out, 'evidence'),
  HOST: '127.0.0.1',
  PORT: '0',
};
const config = loadConfig(env, out);
const log = createWriteStream(path.join(out, 'bot.log'));
const logger = new JsonLogger({ level: 'info', secrets: config.secrets, write: (line) => log.write(`${line}\n`) });
// Five minutes before the annual campaign's 09:00 New York start.
const clock = new ManualClock('2026-01-15T13:55:00.000Z');
const bot: Bot = await startBot({ config, clock, logger, cron: false });
const driver = () => new SlackDriver({ appUrl: `http://127.0.0.1:${bot.port}/slack/events`, signingSecret, double });
const actors = new DemoActors(double, driver, () => bot);

const say = (text: string): void => console.log(`${clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC  ${text}`);
/** Moves the clock an hour at a time, waking the bot each hour as node-cron would each minute. */
const passHours = async (hours: number): Promise<void> => {
  for (let hour = 0; hour < hours; hour += 1) {
    clock.advance(HOUR);
    const result = await bot.services.tick();
    const s = result.sweep;
    if (s.asked + s.reminded + s.escalatedToManager + s.escalatedToChannel > 0 || result.schedules.some((name) => name !== 'ledger checkpoint')) {
      // The daily ledger checkpoint is routine; the narrative shows what people see.
    const parts = result.schedules.filter((name) => name !== 'ledger checkpoint').map((name) => `ran "${name}"`);
      if (s.asked) parts.push(`${s.asked} DM(s) asked`);
      if (s.reminded) parts.push(`${s.reminded} reminder(s)`);
      if (s.escalatedToManager) parts.push(`${s.escalatedToManager} escalated to a manager`);
      if (s.escalatedToChannel) parts.push(`${s.escalatedToChannel} escalated to #${DEMO_CHANNEL.name}`);
      say(`bot: ${parts.join(', ')}`);
    }
  }
};

console.log('evidence-bot demo: one month of policy acknowledgments, against a local Slack double.\n');
await passHours(1);
say('Avery, Morgan, Priya and Jordan acknowledge at once.');
for (const user of ['U0DEMOADM1', 'U0DEMOMGR1', 'U0DEMOMGR2', 'U0DEMOSAL1']) await actors.acknowledge(user);
const refused = await actors.acknowledge('U0DEMOENG2', { tickTraining: false });
say(`Dana forgets the training box; the modal says: "${refused[0]}"`);
await actors.acknowledge('U0DEMOENG2');
say('Dana ticks it and signs.');
await passHours(3 * 24);
say('Eli signs after his reminder.');
await actors.acknowledge('U0DEMOENG1');
await passHours(5 * 24);
say('Sam signs after his manager was told.');
await actors.acknowledge('U0DEMOENG3');
await passHours(7 * 24);
double.addUser(DEMO_NEW_HIRE);
say('Nia joins the workspace (team_join).');
await driver().event({ type: 'team_join', user: { id: DEMO_NEW_HIRE.id, is_bot: false, is_restricted: false } });
// The event is acked first and handled after, as Slack requires: wait for the handler's request.
await actors.waitForRequest(DEMO_NEW_HIRE.id);
await passHours(2);
await actors.acknowledge(DEMO_NEW_HIRE.id);
say('Nia signs on her first day. Pat never answers.');
await passHours(14 * 24);

say('Avery runs /evidence status:');
const status = await driver().command('U0DEMOADM1', '/evidence', 'status');
printStatusReply(status.json);
await bot.services.tick();
await bot.stop();
await double.close();
log.end();
writeTranscript(path.join(out, 'slack-transcript.jsonl'), double.calls);

const io = { out: (text: string) => console.log(text), err: (text: string) => console.error(text), env, cwd: out, isTTY: false };
console.log('\n$ evidence verify');
const verified = await cli(['verify'], io);
console.log('\n$ evidence status');
await cli(['status'], io);
console.log(`\nWrote ${path.relative(process.cwd(), out)}/: evidence/ (the artifacts), evidence.db, bot.log, slack-transcript.jsonl (${double.calls.length} Web API calls).`);
process.exitCode = verified;
