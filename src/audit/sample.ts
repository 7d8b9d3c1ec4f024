import type { Settings } from '../config-schema.ts';
import { DomainError } from '../errors.ts';
import { compareControls } from '../evidence/controls.ts';
import { isReportKind } from '../evidence/report-kinds.ts';
import type { Signer } from '../evidence/pdf/model.ts';
import type { Sink } from '../evidence/sinks/types.ts';
import type { Db } from '../store/db.ts';
import { stmt } from '../store/statements.ts';
import type { SampledRange } from './range.ts';

export interface SampledArtifact {
  id: string;
  kind: string;
  subject: string;
  title: string;
  period: string;
  effective: { from: string; to: string };
  capturedAt: string;
  signer: string | null;
  key: string;
  sha256: string;
  sidecarKey: string | null;
  /** False while the object still waits in the outbox: the store cannot hand it out yet. */
  stored: boolean;
}

export interface SampleReport {
  generatedAt: string;
  range: SampledRange;
  /** The controls asked about: the one given, or every control in scope. */
  controls: { control: string; artifacts: SampledArtifact[] }[];
  /** Controls asked about with no artifact whose effective period overlaps the range. */
  withoutEvidence: string[];
  /** Distinct artifacts across all controls (one filed under two controls counts once). */
  artifactCount: number;
  /** Reports on the evidence filed under these controls in the range (the mapping check's): listed apart, never counted as evidence. */
  reports: SampledArtifact[];
}

interface Row {
  control: string;
  id: string;
  kind: string;
  subject: string;
  title: string;
  period: string;
  effective_from: string;
  effective_to: string;
  captured_at: string;
  signer: string | null;
  key: string;
  sha256: string;
  sidecar_key: string | null;
  pending: number;
}

/** A control asked about must be in scope: evidence is only ever filed under those. */
export function assertInScope(settings: Settings, control: string | undefined): void {
  if (control && !settings.controls.includes(control)) throw new DomainError(`${control} is not in scope for this audit. In scope: ${settings.controls.join(', ')}.`, 'invalid_control');
}

/**
 * Every artifact whose effective period (when the control operated, not when it was signed)
 * overlaps the sampled range, per control, and the controls with none; reports on the evidence
 * apart. One indexed query.
 */
export function sampleEvidence(deps: { db: Db; settings: Settings; now: Date }, range: SampledRange, control?: string): SampleReport {
  assertInScope(deps.settings, control);
  const controls = control ? [control] : [...deps.settings.controls].sort(compareControls);
  const rows = stmt(
    deps.db,
    `SELECT ac.control AS control, a.id, a.kind, a.subject, a.title, a.period, a.effective_from, a.effective_to, a.captured_at, a.signer, a.key, a.sha256, a.sidecar_key,
       EXISTS (SELECT 1 FROM outbox o WHERE o.key = a.key AND o.uploaded_at IS NULL) AS pending
     FROM json_each(@controls) c
     JOIN artifact_controls ac ON ac.control = c.value AND ac.effective_from <= @to AND ac.effective_to >= @from
     JOIN artifacts a ON a.seq = ac.artifact_seq
     ORDER BY a.effective_from, a.captured_at, a.seq`,
  ).all({ controls: JSON.stringify(controls), from: range.from, to: range.to }) as Row[];
  const byControl = new Map<string, SampledArtifact[]>(controls.map((id) => [id, []]));
  const distinct = new Set<string>();
  const reports = new Map<string, SampledArtifact>();
  for (const row of rows) {
    const artifact = sampledArtifact(row);
    if (isReportKind(row.kind)) {
      reports.set(row.id, artifact);
      continue;
    }
    distinct.add(row.id);
    byControl.get(row.control)!.push(artifact);
  }
  return {
    generatedAt: deps.now.toISOString(),
    range,
    controls: controls.map((id) => ({ control: id, artifacts: byControl.get(id)! })),
    withoutEvidence: controls.filter((id) => byControl.get(id)!.length === 0),
    artifactCount: distinct.size,
    reports: [...reports.values()],
  };
}

function sampledArtifact(row: Row): SampledArtifact {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    title: row.title,
    period: row.period,
    effective: { from: row.effective_from, to: row.effective_to },
    capturedAt: row.captured_at,
    signer: row.signer ? (JSON.parse(row.signer) as Signer).name : null,
    key: row.key,
    sha256: row.sha256,
    sidecarKey: row.sidecar_key,
    stored: row.pending === 0,
  };
}

/**
 * A link per artifact, made once per artifact even when it sits under several controls: a
 * presigned URL on S3 (expiring after `ttlSeconds`), a file path in a local folder. Artifacts
 * still in the outbox get none: the store does not have them yet.
 */
export async function linksFor(sink: Sink, artifacts: Iterable<SampledArtifact>, ttlSeconds: number): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  for (const artifact of artifacts) {
    if (!artifact.stored || links.has(artifact.id)) continue;
    links.set(artifact.id, await sink.link(artifact.key, ttlSeconds));
  }
  return links;
}
