import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot } from '../src/bot.ts';
import { ManualClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/logger.ts';
import { readBody } from '../src/http/read-body.ts';
import { anySignatureMatches } from '../src/webhooks/hmac.ts';
import { RemoteDouble } from './remote-double.ts';
import { LoadGenerator, type Prepared } from './load-generator.ts';
import { stats, withFloor, type BenchResult } from './report.ts';

const SECRET = 'bench-pagerduty-secret';
const INCIDENTS = 1_000;

function delivery(n: number, type: 'incident.triggered' | 'incident.resolved'): Prepared {
  const body = JSON.stringify({
    event: {
      id: `${type}-${n}`,
      event_type: type,
      resource_type: 'incident',
      occurred_at: '2026-07-06T13:00:00Z',
      data: { id: `PINC${n}`, type: 'incident', number: n, title: `Incident ${n}: checkout latency`, html_url: `https://acme.pagerduty.com/incidents/PINC${n}`, service: { id: 'PSVC', summary: 'checkout-api' }, assignees: [{ id: 'PUSER01', summary: 'Eli Engineer' }], priority: { id: 'PP1', summary: 'P1' }, urgency: 'high' },
    },
  });
  return { body, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': `v1=${createHmac('sha256', SECRET).update(body).digest('hex')}` } };
}

/** The floor: node:http reading the body and checking the signature, nothing recorded. */
async function bareReceiver(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    void readBody(req, 1_048_576).then((body) => {
      const signatures = String(req.headers['x-pagerduty-signature'] ?? '').split(',').map((part) => part.trim().slice(3));
      res.writeHead(anySignatureMatches([SECRET], body, signatures) ? 200 : 401, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/pagerduty`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** PagerDuty webhook answers at 50 concurrent: every delivery recorded in SQLite before the 200; channel posts and on-call lookups after. */
export async function benchWebhook(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-webhook-'));
  const double = await RemoteDouble.start();
  writeFileSync(path.join(dir, 'evidence.config.yaml'), 'admins: [U0ADMIN001]\nincidents:\n  pagerdutyUsers: { PUSER01: U0ADMIN001 }\n');
  const env = { SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: 'bench-signing-secret', SLACK_API_URL: double.apiUrl, PAGERDUTY_WEBHOOK_SECRET: SECRET, EVIDENCE_CONFIG: path.join(dir, 'evidence.config.yaml'), EVIDENCE_DB: path.join(dir, 'evidence.db'), EVIDENCE_DIR: path.join(dir, 'evidence'), HOST: '127.0.0.1', PORT: '0' };
  const bot = await startBot({ config: loadConfig(env, dir), clock: new ManualClock('2026-07-06T13:00:00Z'), logger: silentLogger(), cron: false });
  const floor = await bareReceiver();
  const generator = new LoadGenerator(50);
  const load = (url: string, requests: Prepared[]) => generator.run(url, requests);
  try {
    const warmup = Array.from({ length: 100 }, (_, n) => delivery(INCIDENTS + n, 'incident.triggered'));
    const deliveries = Array.from({ length: INCIDENTS }, (_, n) => [delivery(n, 'incident.triggered'), delivery(n, 'incident.resolved')]).flat();
    await load(floor.url, warmup);
    const bare = await load(floor.url, deliveries);
    const url = `http://127.0.0.1:${bot.port}/webhooks/pagerduty`;
    await load(url, warmup);
    const ours = await load(url, deliveries);
    await bot.services.settle();
    const recorded = bot.db.prepare("SELECT COUNT(*) FROM webhook_deliveries WHERE source = 'pagerduty'").pluck().get() as number;
    if (recorded !== deliveries.length + warmup.length) throw new Error(`expected ${deliveries.length + warmup.length} deliveries recorded, got ${recorded}`);
    const o = stats(ours.ms);
    const f = stats(bare.ms);
    return [
      withFloor(`PagerDuty webhook answer (verified, recorded), 50 concurrent, ${deliveries.length} deliveries: p50`, o.median, 'ms', f.median),
      withFloor('PagerDuty webhook answer: p99', o.p99, 'ms', f.p99, 'p99 < 3,000 ms'),
      { name: 'PagerDuty webhook: non-200 answers', value: ours.errors, unit: 'requests' },
    ];
  } finally {
    await generator.close();
    await floor.close();
    await bot.stop();
    await double.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
