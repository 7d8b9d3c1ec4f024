import type { ArtifactSpec } from './spec.ts';
import type { DateRange } from './period.ts';

export const ARTIFACT_SCHEMA = 'evidence-bot/artifact/v1';

export interface SidecarDocument {
  key: string;
  sha256: string;
  bytes: number;
  content_type: string;
}

/**
 * The JSON record of an artifact: the same facts as the PDF plus the raw signed payload, so a
 * machine (or an auditor with jq) can read it without parsing a PDF.
 */
export function buildSidecar(input: {
  spec: ArtifactSpec;
  organization: string;
  effective: DateRange;
  payloadSha256: string;
  document: SidecarDocument | null;
  retainUntil: string;
}): Buffer {
  const { spec } = input;
  const record = {
    schema: ARTIFACT_SCHEMA,
    id: spec.id,
    organization: input.organization,
    kind: spec.kind,
    title: spec.title,
    controls: spec.controls,
    period: spec.period,
    effective: input.effective,
    captured_at: spec.capturedAt,
    subject: spec.subject,
    subject_label: spec.subjectLabel,
    request_id: spec.requestId ?? null,
    signer: spec.signer,
    signed_at: spec.capturedAt,
    retain_until: input.retainUntil,
    document: input.document,
    payload_sha256: input.payloadSha256,
    payload_hash_method: 'SHA-256 of the canonical JSON of "payload" (keys sorted, no whitespace)',
    payload: spec.payload ?? null,
    history: spec.history,
    content: spec.sections,
  };
  return Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
}
