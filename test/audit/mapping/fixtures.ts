import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../../../src/evidence/canonical-json.ts';
import { sha256Hex } from '../../../src/evidence/hash.ts';
import type { LedgerEntry } from '../../../src/evidence/ledger.ts';
import type { Signer } from '../../../src/evidence/pdf/model.ts';
import type { ArtifactSpec } from '../../../src/evidence/spec.ts';
import { newId } from '../../../src/ids.ts';
import { evidenceHarness, sampleSpec, type Harness } from '../../helpers/evidence.ts';

export const MAPPING_YAML = `
organization: Example Inc.
audit:
  window: { from: 2026-01-01, to: 2026-06-30 }
`;

export const JANE: Signer = { name: 'Jane Doe', email: 'jane@example.com', slackId: 'U012ABCDEF', timeZone: 'America/New_York' };
export const MORGAN: Signer = { name: 'Morgan Manager', email: 'morgan@example.com', slackId: 'U0MANAGER1', timeZone: 'America/New_York' };
export const ELI: Signer = { name: 'Eli Oncall', email: 'eli@example.com', slackId: 'U0ELI00001', timeZone: 'Europe/Berlin' };

/** A policy acknowledgment as the acknowledgments flow signs it. */
export function acknowledgment(options: { controls?: string[]; training?: boolean; signer?: Signer | null; title?: string; capturedAt?: string } = {}): ArtifactSpec {
  const signer = options.signer === undefined ? JANE : options.signer;
  const training = options.training === false ? null : { name: 'Security awareness', version: '2026', url: 'https://lms.example.com/sec', completed: true };
  return sampleSpec({
    controls: options.controls ?? ['CC1.4', 'CC2.2'],
    title: options.title ?? 'Policy acknowledgments 2026: Jane Doe',
    signer,
    capturedAt: options.capturedAt ?? '2026-01-20T15:00:00.000Z',
    payload: {
      request_id: 'req-ack-1',
      kind: 'acknowledgment',
      period: '2026',
      signer_slack_id: signer?.slackId ?? 'U012ABCDEF',
      submitted_at: options.capturedAt ?? '2026-01-20T15:00:00.000Z',
      view_id: 'V0001',
      policies: [{ id: 'infosec', name: 'Information Security Policy', version: '2026.1', url: 'https://intranet.example.com/infosec', acknowledged: true }],
      training,
      statement: 'I have read, understood and agree to comply with Information Security Policy (version 2026.1).',
    },
  });
}

/** GitHub's Q2 access review as the access-review flow signs it: one reviewer, three accounts. */
export function accessReview(options: { decisions?: { account_id: string; decision: string }[]; revoked?: string[]; attested?: boolean; attestation?: string } = {}): ArtifactSpec {
  const decisions = options.decisions ?? [
    { account_id: 'ann', decision: 'keep' },
    { account_id: 'bob', decision: 'keep' },
    { account_id: 'lena', decision: 'revoke' },
  ];
  return sampleSpec({
    kind: 'access-review',
    controls: ['CC6.1', 'CC6.2', 'CC6.3'],
    period: '2026-Q2',
    subject: 'github',
    subjectLabel: 'GitHub',
    title: 'Access review: GitHub, 2026-Q2',
    signer: MORGAN,
    capturedAt: '2026-06-15T14:00:00.000Z',
    payload: {
      review_id: 'rev-1',
      request_id: 'req-rev-1',
      system: 'github',
      period: '2026-Q2',
      snapshot_id: 'snap-1',
      snapshot_sha256: 'a'.repeat(64),
      previous_snapshot_sha256: null,
      accounts: 3,
      decisions,
      revoked: options.revoked ?? decisions.filter((decision) => decision.decision === 'revoke').map((decision) => decision.account_id),
      comment: '',
      attestation: options.attestation ?? 'I have reviewed every account and the access is appropriate, except the revocations listed.',
      attested: options.attested ?? true,
      signer_slack_id: MORGAN.slackId,
      submitted_at: '2026-06-15T14:00:00.000Z',
    },
  });
}

/** The frozen account list behind the review, recorded by the bot. */
export function accessSnapshot(options: { tamper?: boolean } = {}): ArtifactSpec {
  const canonical = canonicalJson([{ id: 'ann', email: 'ann@example.com' }, { id: 'bob', email: 'bob@example.com' }, { id: 'lena', email: 'lena@example.com' }]);
  return sampleSpec({
    kind: 'access-snapshot',
    controls: ['CC6.1', 'CC6.2', 'CC6.3'],
    period: '2026-Q2',
    subject: 'github',
    subjectLabel: 'GitHub',
    title: 'Account list: GitHub, 2026-06-15',
    signer: null,
    format: 'json',
    capturedAt: '2026-06-15T13:00:00.000Z',
    history: [],
    payload: { system: 'github', source: 'github org example', taken_at: '2026-06-15T13:00:00.000Z', sha256: options.tamper ? 'b'.repeat(64) : sha256Hex(canonical), accounts_canonical_json: canonical },
  });
}

/** An incident resolution as the incident flow signs it. */
export function resolution(options: { rootCause?: string; title?: string; capturedAt?: string } = {}): ArtifactSpec {
  const id = newId();
  return sampleSpec({
    id,
    sourceKey: `request:${id}`,
    kind: 'incident-resolution',
    controls: ['CC7.3', 'CC7.4'],
    period: '2026-02-10',
    subject: 'pd-4182',
    subjectLabel: 'PD-4182: Checkout API returning 502s',
    title: options.title ?? 'Incident resolution: PD-4182',
    signer: ELI,
    capturedAt: options.capturedAt ?? '2026-02-11T15:00:00.000Z',
    payload: {
      request_id: `req-${id}`,
      incident_id: 'inc-1',
      incident_number: 'PD-4182',
      narrative: 'Rolled back the 09:20 deploy; error rate back to baseline by 10:40.',
      root_cause: options.rootCause ?? 'A connection-pool setting capped database connections at 5.',
      customer_impact: 'Partial outage',
      impact_details: 'About 18% of checkouts failed for 68 minutes.',
      detected_at: '2026-02-10T09:34:00.000Z',
      resolved_at: '2026-02-10T10:42:00.000Z',
      follow_ups: [{ description: 'Add a pool-size check to the deploy pipeline', owner: 'U0DANA0001' }],
      signer_slack_id: ELI.slackId,
      submitted_at: options.capturedAt ?? '2026-02-11T15:00:00.000Z',
    },
  });
}

export interface MappingStore {
  h: Harness;
  filed: Map<string, LedgerEntry>;
  /** The environment the CLI needs to open this store. */
  env: Record<string, string>;
}

/** Files the specs through the real pipeline into a local folder and writes the config the CLI reads. */
export async function mappingStore(specs: ArtifactSpec[], yaml = MAPPING_YAML): Promise<MappingStore> {
  const h = evidenceHarness({ yaml });
  writeFileSync(path.join(h.dir, 'evidence.config.yaml'), yaml);
  for (const spec of specs) h.evidence.enqueue(spec);
  const { filed } = await h.evidence.flush();
  return { h, filed: new Map(filed.map((entry) => [entry.id, entry])), env: { EVIDENCE_DB: h.dbFile, EVIDENCE_DIR: path.join(h.dir, 'sink') } };
}
