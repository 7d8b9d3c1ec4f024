import { InvalidEvidenceError } from '../errors.ts';
import { ID_PATTERN } from '../ids.ts';
import { isValidTimeZone } from '../time-format.ts';
import { canonicalJson } from './canonical-json.ts';
import { isControlId } from './controls.ts';
import { assertSlug, MAX_KIND_LENGTH, MAX_SUBJECT_LENGTH } from './path-schema.ts';
import { periodRange, type DateRange } from './period.ts';
import type { HistoryEntry, Section, Signer } from './pdf/model.ts';

/** What a flow hands the pipeline once a person has signed (or the system has recorded) something. */
export interface ArtifactSpec {
  /** Idempotency: the same source (a request, a snapshot) files at most one artifact. */
  sourceKey: string;
  id: string;
  kind: string;
  /** The first is the folder the artifact is filed under; all are in its metadata. */
  controls: string[];
  period: string;
  capturedAt: string;
  subject: string;
  subjectLabel: string;
  title: string;
  requestId?: string;
  signer: Signer | null;
  sections: Section[];
  history: HistoryEntry[];
  payload: unknown;
  /** `pdf`: a PDF plus its JSON sidecar. `json`: the JSON record alone (snapshots, checklist steps). */
  format: 'pdf' | 'json';
}

export interface SpecLimits {
  maxPayloadBytes: number;
  controlsInScope: readonly string[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const MAX_TITLE = 200;
/**
 * Records nobody signed (an account snapshot of thousands of accounts) are bounded by this, not
 * by `maxPayloadBytes`, which limits what a person can submit.
 */
export const MAX_SYSTEM_PAYLOAD_BYTES = 64 * 1_048_576;
const MAX_SECTION_TEXT_BYTES = 4_000_000;

/** Refuses anything the pipeline could not file cleanly, before a single row is written. */
export function validateSpec(spec: ArtifactSpec, limits: SpecLimits): { effective: DateRange; payloadBytes: number } {
  if (!spec.sourceKey || spec.sourceKey.length > 200) throw new InvalidEvidenceError('source key must be 1 to 200 characters');
  if (!ID_PATTERN.test(spec.id)) throw new InvalidEvidenceError(`artifact ID ${JSON.stringify(spec.id)} is not 12 base32 characters`);
  assertSlug('kind', spec.kind, MAX_KIND_LENGTH);
  assertSlug('subject', spec.subject, MAX_SUBJECT_LENGTH);
  if (spec.controls.length === 0) throw new InvalidEvidenceError('an artifact needs at least one control ID');
  for (const control of spec.controls) {
    if (!isControlId(control)) throw new InvalidEvidenceError(`unknown control ID ${JSON.stringify(control)}: expected a Trust Services Criterion such as CC6.1`);
    if (!limits.controlsInScope.includes(control)) throw new InvalidEvidenceError(`control ${control} is not in scope: add it to "controls" in the config first`);
  }
  if (new Set(spec.controls).size !== spec.controls.length) throw new InvalidEvidenceError('control IDs repeat');
  const effective = periodRange(spec.period);
  const captured = new Date(spec.capturedAt);
  if (Number.isNaN(captured.getTime()) || captured.toISOString() !== spec.capturedAt) throw new InvalidEvidenceError(`capture time ${JSON.stringify(spec.capturedAt)} is not an ISO-8601 UTC instant`);
  const title = spec.title.trim();
  if (!title || title.length > MAX_TITLE) throw new InvalidEvidenceError(`title must be 1 to ${MAX_TITLE} characters`);
  if (!spec.subjectLabel.trim()) throw new InvalidEvidenceError('subject label is empty');
  if (spec.signer) validateSigner(spec.signer);
  const payloadBytes = Buffer.byteLength(canonicalJson(spec.payload ?? null));
  if (spec.signer && payloadBytes > limits.maxPayloadBytes) {
    throw new InvalidEvidenceError(`signed payload is ${payloadBytes} bytes, over the configured limit of ${limits.maxPayloadBytes} (evidence.maxPayloadBytes)`);
  }
  if (!spec.signer && payloadBytes > MAX_SYSTEM_PAYLOAD_BYTES) throw new InvalidEvidenceError(`recorded payload is ${payloadBytes} bytes, over ${MAX_SYSTEM_PAYLOAD_BYTES}`);
  const sectionBytes = Buffer.byteLength(JSON.stringify(spec.sections));
  if (sectionBytes > MAX_SECTION_TEXT_BYTES) throw new InvalidEvidenceError(`artifact body is ${sectionBytes} bytes, over ${MAX_SECTION_TEXT_BYTES}`);
  for (const entry of spec.history) {
    if (Number.isNaN(new Date(entry.at).getTime())) throw new InvalidEvidenceError(`history entry ${JSON.stringify(entry.what)} has no valid time`);
  }
  return { effective, payloadBytes };
}

function validateSigner(signer: Signer): void {
  if (!signer.name?.trim()) throw new InvalidEvidenceError('signer name is empty: evidence needs the name of the person who signed');
  if (signer.email !== null && !EMAIL.test(signer.email ?? '')) throw new InvalidEvidenceError(`signer email ${JSON.stringify(signer.email ?? '')} is not an email address`);
  if (!SLACK_USER.test(signer.slackId ?? '')) throw new InvalidEvidenceError(`signer Slack ID ${JSON.stringify(signer.slackId ?? '')} is not a Slack user ID`);
  if (!isValidTimeZone(signer.timeZone)) throw new InvalidEvidenceError(`signer time zone ${JSON.stringify(signer.timeZone)} is not an IANA zone`);
}
