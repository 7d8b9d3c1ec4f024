import { cpSync, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { startBot, type Bot } from '../bot.ts';
import { JsonLogger } from '../logger.ts';
import { SlackDouble, SlackDriver } from '../slack-double/index.ts';
import { DemoActors } from './actors.ts';
import { printStatusReply, writeTranscript } from './output.ts';
import { DEMO_CHANNEL, DEMO_CONFIG, DEMO_INCIDENT_CHANNEL, DEMO_PEOPLE } from './workspace.ts';
import { demoContext } from './context.ts';
import { acknowledgmentMonth } from './acknowledgments.ts';
import { accessReviewQuarter } from './access-reviews.ts';
import { DemoIncidentActors, DemoPagerDuty, DemoSentry } from './incident-actors.ts';
import { pagerDutyIncident, postmortemSignOff, sentryIssueNobodyWritesUp } from './incidents.ts';
import { hireAndTermination } from './lifecycle.ts';
import { auditorsTurn } from './auditor.ts';

/**
 * `npm run demo`: the real app, in HTTP mode on 127.0.0.1, against the local Slack double, with
 * a clock that plays the first quarter of 2026 in seconds, through every flow, with a few gaps
 * planted on purpose; then the auditor's side: verify, gaps, a sampled week and its package. Everything a person does goes through signed HTTP, as
 * Slack would send it. Writes demo-output/: the evidence folder, the SQLite file, the bot's
 * JSON log and slack-transcript.jsonl (every Web API call the bot made).
 */
const out = path.resolve('demo-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'evidence.config.yaml'), DEMO_CONFIG);
cpSync(new URL('./exports/', import.meta.url), path.join(out, 'exports'), { recursive: true });

const double = await SlackDouble.start({ token: 'xoxb-demo-token' });
for (const person of DEMO_PEOPLE) double.addUser(person);
double.addChannel(DEMO_CHANNEL);
double.addChannel(DEMO_INCIDENT_CHANNEL);
const signingSecret = randomBytes(16).toString('hex');
const pagerDutySecret = randomBytes(16).toString('hex');
const hrSecret = randomBytes(16).toString('hex');
const sentrySecret = randomBytes(16).toString('hex');
const env = {
  SLACK_BOT_TOKEN: 'xoxb-demo-token',
  SLACK_SIGNING_SECRET: signingSecret,
  HR_WEBHOOK_SECRET: hrSecret,
  SLACK_API_URL: double.apiUrl,
  EVIDENCE_CONFIG: path.join(out, 'evidence.config.yaml'),
  EVIDENCE_DB: path.join(out, 'evidence.db'),
  EVIDENCE_DIR: path.join(out, 'evidence'),
  PAGERDUTY_WEBHOOK_SECRET: pagerDutySecret,
  SENTRY_CLIENT_SECRET: sentrySecret,
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

const demo = demoContext({ bot, double, driver, actors, clock, out });
const { say } = demo;

console.log('evidence-bot demo: the first quarter of 2026, every flow, against a local Slack double.\n');
const incidentPeople = new DemoIncidentActors(double, driver, () => bot);
await acknowledgmentMonth(demo);
await pagerDutyIncident(demo, new DemoPagerDuty(() => bot, pagerDutySecret), incidentPeople);
await sentryIssueNobodyWritesUp(demo, new DemoSentry(() => bot, sentrySecret));
await hireAndTermination(demo, hrSecret);
await postmortemSignOff(demo, incidentPeople);
await accessReviewQuarter(demo);

say('Avery runs /evidence status:');
const status = await driver().command('U0DEMOADM1', '/evidence', 'status');
printStatusReply(status.json);
// The quarter ends; the daily checkpoint anchors the last of it.
await demo.passHours(Math.ceil((Date.parse('2026-04-01T06:00:00.000Z') - clock.now().getTime()) / 3_600_000));
await bot.services.tick();
await bot.stop();
await double.close();
log.end();
writeTranscript(path.join(out, 'slack-transcript.jsonl'), double.calls);

const io = { out: (text: string) => console.log(text), err: (text: string) => console.error(text), env, cwd: out, isTTY: false };
const audited = await auditorsTurn(io);
console.log(`\nWrote ${path.relative(process.cwd(), out)}/: evidence/ (the artifacts), evidence.db, bot.log, slack-transcript.jsonl (${double.calls.length} Web API calls), and the package.`);
process.exitCode = audited;
