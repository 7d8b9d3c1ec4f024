import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ManualClock } from '../../src/clock.ts';
import type { LedgerEntry } from '../../src/evidence/ledger.ts';
import type { Sink } from '../../src/evidence/sinks/types.ts';
import { upsertPerson } from '../../src/store/people.ts';
import { evidenceHarness, sampleSpec, type Harness } from './evidence.ts';

export const AUDIT_YAML = `
organization: Example Inc.
admins: [U0ADMIN001]
policies:
  - { id: infosec, name: Information Security Policy, version: "2026.1", url: "https://intranet.example.com/infosec" }
systems:
  - { id: github, name: GitHub, reviewers: [U0MANAGER1] }
audit:
  window: { from: 2026-01-01, to: 2026-06-30 }
`;

export interface AuditStore {
  h: Harness;
  /** Jane's 2026 acknowledgment (PDF + sidecar). */
  ack: LedgerEntry;
  /** GitHub's 2026-Q2 access review (PDF + sidecar). */
  review: LedgerEntry;
  /** GitHub's account list for 2026-Q2 (JSON only). */
  snapshot: LedgerEntry;
  /** GitHub's 2026-Q1 review: outside June. */
  earlier: LedgerEntry;
  env: Record<string, string>;
}

/**
 * A small real store: artifacts filed by the pipeline into a local (or given) sink, a
 * checkpoint, two people (Jane signed her 2026 acknowledgment, Bob never did), and the config
 * file the CLI reads from the harness folder.
 */
export async function auditStore(options: { sink?: Sink; clock?: ManualClock } = {}): Promise<AuditStore> {
  const h = evidenceHarness({ yaml: AUDIT_YAML, ...options });
  writeFileSync(path.join(h.dir, 'evidence.config.yaml'), AUDIT_YAML);
  const jan = new Date('2026-01-05T10:00:00.000Z');
  upsertPerson(h.db, { id: 'U012ABCDEF', name: 'Jane Doe', email: 'jane@example.com', tz: 'America/New_York', isBot: false, deleted: false, isRestricted: false }, jan);
  upsertPerson(h.db, { id: 'U0BOB00001', name: 'Bob Stone', email: 'bob@example.com', tz: 'UTC', isBot: false, deleted: false, isRestricted: false }, jan);
  const reviewer = { name: 'Morgan Manager', email: 'morgan@example.com', slackId: 'U0MANAGER1', timeZone: 'America/New_York' };
  const specs = [
    sampleSpec({ subject: 'jane-doe', capturedAt: '2026-01-20T15:00:00.000Z' }),
    sampleSpec({ kind: 'access-review', controls: ['CC6.1', 'CC6.2', 'CC6.3'], period: '2026-Q2', subject: 'github', subjectLabel: 'GitHub', title: 'Access review: GitHub, 2026-Q2', signer: reviewer, capturedAt: '2026-06-15T14:00:00.000Z' }),
    sampleSpec({ kind: 'access-snapshot', controls: ['CC6.1', 'CC6.2', 'CC6.3'], period: '2026-Q2', subject: 'github', subjectLabel: 'GitHub', title: 'Account list: GitHub', signer: null, format: 'json', capturedAt: '2026-06-15T13:00:00.000Z' }),
    sampleSpec({ kind: 'access-review', controls: ['CC6.1', 'CC6.2', 'CC6.3'], period: '2026-Q1', subject: 'github', subjectLabel: 'GitHub', title: 'Access review: GitHub, 2026-Q1', signer: reviewer, capturedAt: '2026-03-15T14:00:00.000Z' }),
  ];
  for (const spec of specs) h.evidence.enqueue(spec);
  const { filed } = await h.evidence.flush();
  h.evidence.checkpoint();
  await h.evidence.uploader.drain();
  const byId = new Map(filed.map((entry) => [entry.id, entry]));
  const [ack, review, snapshot, earlier] = specs.map((spec) => byId.get(spec.id)!) as [LedgerEntry, LedgerEntry, LedgerEntry, LedgerEntry];
  return { h, ack, review, snapshot, earlier, env: { EVIDENCE_DB: h.dbFile, EVIDENCE_DIR: path.join(h.dir, 'sink') } };
}
