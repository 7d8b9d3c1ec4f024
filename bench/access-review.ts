import { writeFileSync } from 'node:fs';
import { parseSettings } from '../src/config.ts';
import type { Account } from '../src/connectors/types.ts';
import { canonicalJson } from '../src/evidence/canonical-json.ts';
import { sha256Hex } from '../src/evidence/hash.ts';
import { periodRange } from '../src/evidence/period.ts';
import { renderPdf } from '../src/evidence/pdf/render.ts';
import { renderModelOf } from '../src/evidence/pipeline.ts';
import { reviewArtifact, type SignedReviewPart } from '../src/flows/access-review/artifacts.ts';
import { diffSnapshots } from '../src/flows/access-review/diff.ts';
import { DEFAULT_ADMIN_PATTERN, flagsFor } from '../src/flows/access-review/flags.ts';
import { freezeSnapshot } from '../src/flows/access-review/snapshot.ts';
import { ATTESTATION } from '../views/access-review.ts';
import { round, stats, type BenchResult } from './report.ts';

function accounts(count: number, seed: number): Account[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `user-${(i * 7919 + seed) % (count * 2)}`,
    email: `user${i}@${i % 50 === 0 ? 'contractor.io' : 'example.com'}`,
    displayName: `User ${i}`,
    roles: i % 40 === 0 ? ['admin', 'member'] : i % 7 === seed % 7 ? ['member', 'billing'] : ['member'],
    status: i % 97 === 0 ? 'suspended' : 'active',
    lastLogin: new Date(Date.UTC(2026, 0, 1 + (i % 180))).toISOString(),
    attributes: {},
  }));
}

/** Snapshot (freeze + hash) and diff of two 10,000-account lists; render of a 600-account review. */
export async function benchAccessReview(): Promise<BenchResult[]> {
  const previous = accounts(10_000, 1);
  const current = accounts(10_000, 2);
  const snapshotMs: number[] = [];
  const diffMs: number[] = [];
  for (let run = 0; run < 12; run += 1) {
    const t0 = performance.now();
    const frozenPrevious = freezeSnapshot('bench', previous);
    const frozen = freezeSnapshot('bench', current);
    const t1 = performance.now();
    diffSnapshots(frozenPrevious.accounts, frozen.accounts);
    const t2 = performance.now();
    if (run >= 2) {
      snapshotMs.push(t1 - t0);
      diffMs.push(t2 - t1);
    }
  }

  const settings = parseSettings('systems:\n  - { id: github, name: GitHub, reviewers: [U012ABCDEF] }\n', 'bench');
  const system = settings.systems[0]!;
  const review = freezeSnapshot('github', accounts(600, 3));
  const before = freezeSnapshot('github', accounts(600, 4));
  const context = { now: new Date('2026-07-01T00:00:00Z'), emailDomains: ['example.com'], adminPattern: DEFAULT_ADMIN_PATTERN, terminated: new Map<string, string>() };
  const flags = new Map(review.accounts.map((account) => [account.id, flagsFor(account, context)]));
  const response: SignedReviewPart = {
    review_id: 'r', request_id: 'q', system: 'github', period: '2026-Q2', snapshot_id: 's', snapshot_artifact_id: 'b7k3m9x2qp4z', snapshot_sha256: review.sha256, previous_snapshot_sha256: before.sha256, accounts: 600,
    decisions: review.accounts.map((account, i) => ({ account_id: account.id, decision: i % 60 === 0 ? 'revoke' : 'keep' })), revoked: [], comment: '', attestation: ATTESTATION, attested: true, signer_slack_id: 'U012ABCDEF', submitted_at: '2026-07-01T15:00:00.000Z',
  };
  const spec = reviewArtifact({
    artifactId: 'a7k3m9x2qp4z', kind: 'access-review', system, period: '2026-Q2',
    snapshot: { id: 's', artifactId: 'b7k3m9x2qp4z', sha256: review.sha256, takenAt: '2026-06-15T13:00:00.000Z', source: 'GitHub organization example-inc', accounts: review.accounts },
    previous: { sha256: before.sha256, takenAt: '2026-03-15T13:00:00.000Z' }, diff: diffSnapshots(before.accounts, review.accounts), flags, accounts: review.accounts,
    parts: [{ request: { id: 'q', assignee: 'U012ABCDEF' }, response, signerName: 'Morgan Lee', history: [{ at: '2026-06-15T13:00:00.000Z', what: 'asked' }, { at: '2026-07-01T15:00:00.000Z', what: 'answered' }] }],
    signer: { name: 'Morgan Lee', email: 'morgan@example.com', slackId: 'U012ABCDEF', timeZone: 'America/New_York' }, capturedAt: '2026-07-01T15:00:00.000Z', sourceKey: 'review:r',
  });
  const model = renderModelOf(spec, { organization: 'Example Inc.', effective: periodRange('2026-Q2'), payloadSha256: sha256Hex(canonicalJson(spec.payload)) });
  const renderMs: number[] = [];
  let pages = 0;
  for (let run = 0; run < 7; run += 1) {
    const t0 = performance.now();
    const pdf = await renderPdf(model);
    if (run >= 2) renderMs.push(performance.now() - t0);
    pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    // To look at what is measured: BENCH_SAVE_PDF=review.pdf npm run bench -- review
    if (run === 0 && process.env.BENCH_SAVE_PDF) writeFileSync(process.env.BENCH_SAVE_PDF, pdf);
  }
  return [
    { name: 'access review: freeze and hash two 10,000-account lists, median', value: round(stats(snapshotMs).median), unit: 'ms' },
    { name: 'access review: diff of two 10,000-account lists, median', value: round(stats(diffMs).median), unit: 'ms' },
    { name: 'access review: PDF of a 600-account review, median render', value: round(stats(renderMs).median), unit: 'ms' },
    { name: 'access review: pages in that PDF', value: pages, unit: 'pages' },
  ];
}
