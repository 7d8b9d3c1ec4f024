import { benchAccessReview } from './access-review.ts';
import { benchAudit } from './audit.ts';
import { benchPipeline } from './pipeline.ts';
import { benchAckLatency, benchStatusTime, benchSweep } from './slack.ts';
import { printTable, saveResults, type BenchResult } from './report.ts';
import { benchWebhook } from './webhook.ts';
import { benchLoad } from './load.ts';

/** `npm run bench [suite…]`: prints a table and merges the figures into bench/results.json. */
const SUITES: Record<string, () => Promise<BenchResult[]>> = {
  pipeline: () => benchPipeline(),
  status: () => benchStatusTime(),
  sweep: () => benchSweep(),
  ack: () => benchAckLatency(),
  review: () => benchAccessReview(),
  webhook: () => benchWebhook(),
  audit: () => benchAudit(),
  load: () => benchLoad(),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SUITES[name]);
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const results: BenchResult[] = [];
for (const [name, run] of Object.entries(SUITES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.error(`running ${name}…`);
  results.push(...(await run()));
}
printTable(results);
saveResults(results);
