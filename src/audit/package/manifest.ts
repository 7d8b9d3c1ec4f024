import type { LedgerEntry } from '../../evidence/ledger.ts';
import type { SampledRange } from '../range.ts';
import type { LedgerSegment } from './ledger-segment.ts';
import { evidenceProblem, isMetLate, type PackagedObligation } from './packaged-obligations.ts';
import type { ReadStatus } from './read-back.ts';
import { LEDGER_FILE } from './verify-doc.ts';

export const PACKAGE_SCHEMA = 'evidence-bot/package/v1';

export interface PackagedFile {
  key: string;
  /** Null for a checkpoint. */
  artifactId: string | null;
  recordedSha256: string;
  actualSha256: string | null;
  bytes: number | null;
  status: ReadStatus;
}

/** What the manifest and the index PDF both describe: the package, its artifacts per control, and the obligations of its period. */
export interface PackageFacts {
  packageId: string;
  organization: string;
  generatedAt: string;
  range: SampledRange;
  controls: string[];
  sink: string;
  entries: Map<string, LedgerEntry>;
  byControl: Map<string, string[]>;
  /** Reports on the evidence (the mapping check's): packed, but evidence of no control. */
  reports: string[];
  obligations: PackagedObligation[];
  /** Per artifact, what reading its files back found (the first file that failed, else ok). */
  readBack: Map<string, ReadStatus>;
}

export interface ManifestInput extends PackageFacts {
  files: PackagedFile[];
  segment: LedgerSegment;
  problems: string[];
}

function fileRecord(file: PackagedFile) {
  return { path: file.bytes === null ? null : file.key, key: file.key, sha256_recorded: file.recordedSha256, sha256_read: file.actualSha256, bytes: file.bytes, status: file.status };
}

/** manifest.json: what the package holds and what was checked while packing, for machines. */
export function buildManifest(input: ManifestInput) {
  const filesOf = new Map<string, PackagedFile[]>();
  for (const file of input.files) if (file.artifactId) filesOf.set(file.artifactId, [...(filesOf.get(file.artifactId) ?? []), file]);
  const count = (status: string) => input.obligations.filter((obligation) => obligation.status === status).length;
  const first = input.segment.rows[0];
  const last = input.segment.rows.at(-1);
  return {
    schema: PACKAGE_SCHEMA,
    package_id: input.packageId,
    organization: input.organization,
    generated_at: input.generatedAt,
    range: input.range,
    selection: 'artifacts whose effective period overlaps the range under any of the controls, and the artifacts answering the obligations listed',
    controls: input.controls,
    evidence_store: input.sink,
    artifacts: [...input.entries.values()].map((entry) => ({
      id: entry.id,
      kind: entry.kind,
      title: entry.title,
      controls: entry.controls,
      period: entry.period,
      effective_from: entry.effective_from,
      effective_to: entry.effective_to,
      subject: entry.subject,
      signer: entry.signer,
      captured_at: entry.captured_at,
      request_id: entry.request_id,
      ledger_seq: entry.seq,
      ledger_entry_hash: entry.entry_hash,
      files: (filesOf.get(entry.id) ?? []).map(fileRecord),
    })),
    by_control: Object.fromEntries(input.controls.map((control) => [control, input.byControl.get(control) ?? []])),
    controls_without_evidence: input.controls.filter((control) => (input.byControl.get(control) ?? []).length === 0),
    reports_on_the_evidence: input.reports,
    obligations: { file: 'obligations.json', total: input.obligations.length, met: count('met'), met_late: input.obligations.filter(isMetLate).length, met_unverified: count('met-unverified'), missing: count('missing'), not_due: count('not-due') },
    ledger: {
      file: LEDGER_FILE,
      first_seq: first?.seq ?? null,
      last_seq: last?.seq ?? null,
      rows: input.segment.rows.length,
      anchor: input.segment.anchor ? { key: input.segment.anchor.key, head_seq: input.segment.anchor.head_seq, head_hash: input.segment.anchor.head_hash, created_at: input.segment.anchor.created_at } : null,
    },
    checkpoints: input.files.filter((file) => !file.artifactId).map(fileRecord),
    problems: input.problems,
  };
}

/**
 * obligations.json: every event of the range that needed evidence, beside the evidence that
 * answers it and what reading that evidence back found. `packedKeys`: the keys the zip holds.
 */
export function obligationsRecord(obligations: PackagedObligation[], packedKeys: Set<string>) {
  return obligations.map((obligation) => ({
    id: obligation.id,
    status: obligation.status,
    late: obligation.late,
    evidence_problem: evidenceProblem(obligation),
    description: obligation.description,
    provider: obligation.provider,
    kind: obligation.kind,
    controls: obligation.controls,
    subject: obligation.subject,
    subject_label: obligation.subjectLabel,
    period: obligation.period,
    due_at: obligation.dueAt,
    event: obligation.event,
    gap: obligation.status === 'missing' ? obligation.gap : null,
    evidence: obligation.evidence.map((evidence, index) => ({
      id: evidence.id,
      kind: evidence.kind,
      period: evidence.period,
      captured_at: evidence.capturedAt,
      signer: evidence.signer,
      path: packedKeys.has(evidence.key) ? evidence.key : null,
      read_back: obligation.readBack[index] ?? null,
    })),
  }));
}
