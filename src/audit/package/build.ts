import type { Clock } from '../../clock.ts';
import type { Settings } from '../../config-schema.ts';
import { DomainError } from '../../errors.ts';
import { canonicalJson } from '../../evidence/canonical-json.ts';
import { compareControls, isControlId } from '../../evidence/controls.ts';
import { sha256Hex } from '../../evidence/hash.ts';
import type { LedgerEntry } from '../../evidence/ledger.ts';
import { renderInProcess, type Renderer } from '../../evidence/pdf/render-pool.ts';
import type { Sink } from '../../evidence/sinks/types.ts';
import { newId } from '../../ids.ts';
import type { Db } from '../../store/db.ts';
import { evaluateObligations } from '../gaps.ts';
import type { SampledRange } from '../range.ts';
import { indexModel } from './index-pdf.ts';
import { ledgerSegment } from './ledger-segment.ts';
import { buildManifest, obligationsRecord, type PackagedFile } from './manifest.ts';
import { artifactReadBack, failedRead, isMetLate, packagedObligations } from './packaged-obligations.ts';
import { inOrder, readBack, type WantedObject } from './read-back.ts';
import { selectArtifacts } from './select.ts';
import { LEDGER_FILE, SUMS_FILE, verifyDoc } from './verify-doc.ts';
import { ZipWriter } from './zip.ts';

export interface PackageDeps {
  db: Db;
  sink: Sink;
  settings: Settings;
  clock: Clock;
  render?: Renderer;
}

export interface PackageRequest {
  range: SampledRange;
  /** Defaults to every control in scope. */
  controls?: string[];
  /** Where the zip goes; refused if a file is already there. */
  out: string;
  /** Objects read back so far, of how many. */
  onProgress?: (done: number, total: number) => void;
}

export interface PackageResult {
  file: string;
  bytes: number;
  packageId: string;
  root: string;
  controls: string[];
  artifacts: number;
  files: number;
  /** met counts only obligations whose answering artifacts read back intact; metUnverified the rest the ledger calls met. */
  obligations: { total: number; met: number; metLate: number; metUnverified: number; missing: number; notDue: number };
  segment: { firstSeq: number; lastSeq: number; anchoredBy: string | null } | null;
  /** Integrity problems found while reading back: altered, missing or not yet uploaded objects. */
  problems: string[];
  ok: boolean;
}

const READ_AHEAD = 8;

/**
 * Writes one zip for the auditor: every artifact covering the range (read back from the
 * evidence store and re-hashed against the ledger), an index PDF, a manifest, the events that
 * needed evidence beside what answers them, the ledger segment and its checkpoints, SHA256SUMS
 * and VERIFY.md. An object that does not match the ledger is packed as found and marked; one the
 * store does not hand back stays in SHA256SUMS with its recorded hash, so the offline checks fail
 * on it, and the obligations resting on either are marked met-unverified.
 */
export async function buildPackage(deps: PackageDeps, request: PackageRequest): Promise<PackageResult> {
  const { db, sink, settings, clock } = deps;
  const now = clock.now();
  const generatedAt = now.toISOString();
  const controls = checkControls(settings, request.controls);
  const { range } = request;

  const obligations = evaluateObligations({ db, settings, now, range, cutoff: now })
    .flatMap((entry) => entry.obligations)
    .filter((obligation) => obligation.controls.some((control) => controls.includes(control)));
  const selection = selectArtifacts(db, range, controls, obligations.flatMap((obligation) => obligation.evidence.map((evidence) => evidence.id)));
  const entries = new Map(selection.entries.map((entry) => [entry.id, entry]));
  const segment = ledgerSegment(db, selection.entries.map((entry) => entry.seq));

  const wanted: (WantedObject & { entry: LedgerEntry | null })[] = [];
  for (const entry of selection.entries) {
    wanted.push({ key: entry.key, sha256: entry.sha256, what: `artifact ${entry.id} (${entry.kind}, ${entry.subject})`, entry });
    if (entry.sidecar_key && entry.sidecar_sha256) wanted.push({ key: entry.sidecar_key, sha256: entry.sidecar_sha256, what: `sidecar of artifact ${entry.id}`, entry });
  }
  for (const checkpoint of segment.checkpoints) wanted.push({ key: checkpoint.key, sha256: checkpoint.sha256, what: `ledger checkpoint at row ${checkpoint.head_seq}`, entry: null });

  const packageId = newId();
  const root = `evidence-package-${range.from}-to-${range.to}`;
  const zip = await ZipWriter.create(request.out);
  try {
    const files: PackagedFile[] = [];
    const problems: string[] = [];
    const sums: [string, string][] = [];
    let done = 0;
    for await (const [object, read] of inOrder(wanted, READ_AHEAD, (item) => readBack({ db, sink }, item))) {
      if (read.problem) problems.push(read.problem);
      if (!object.entry && read.body) problems.push(...checkpointProblems(object.key, read.body, segment.rows));
      if (read.body) await zip.add(`${root}/${object.key}`, read.body, { compress: object.key.endsWith('.json'), modified: new Date(object.entry?.captured_at ?? generatedAt) });
      // Listed whether or not it was read: leaving out an object the store lost would let `sha256sum -c` pass.
      sums.push([object.sha256, object.key]);
      files.push({ key: object.key, artifactId: object.entry?.id ?? null, recordedSha256: object.sha256, actualSha256: read.actualSha256, bytes: read.body?.length ?? null, status: read.status });
      request.onProgress?.((done += 1), wanted.length);
    }

    const add = async (name: string, body: Buffer, compress = true): Promise<void> => {
      await zip.add(`${root}/${name}`, body, { compress, modified: now });
      sums.push([sha256Hex(body), name]);
    };
    const artifactStatus = artifactReadBack(files);
    const packaged = packagedObligations(obligations, artifactStatus);
    const facts = { packageId, organization: settings.organization, generatedAt, range, controls, sink: sink.description, entries, byControl: selection.byControl, reports: selection.reports, obligations: packaged, readBack: artifactStatus };
    await add(LEDGER_FILE, Buffer.from(segment.rows.map((row) => `${canonicalJson(row)}\n`).join('')));
    await add('obligations.json', json(obligationsRecord(packaged, new Set(files.filter((file) => file.bytes !== null).map((file) => file.key)))));
    const manifest = json(buildManifest({ ...facts, files, segment, problems }));
    await add('manifest.json', manifest);
    const first = segment.rows[0];
    const last = segment.rows.at(-1);
    const segmentFacts = first && last ? { firstSeq: first.seq, lastSeq: last.seq, anchor: segment.anchor?.key ?? null } : null;
    const index = await (deps.render ?? renderInProcess)(
      indexModel({ ...facts, files: artifactFiles(files), filesNotPacked: files.filter((file) => file.artifactId !== null && file.bytes === null).length, segment: segmentFacts, problems, manifestSha256: sha256Hex(manifest) }),
    );
    await add('index.pdf', index, false);
    const example = selection.entries.find((entry) => entry.key.endsWith('.pdf') && entry.sidecar_key && files.some((file) => file.key === entry.key && file.status === 'ok'));
    const verify = verifyDoc({
      organization: settings.organization,
      generatedAt,
      range,
      controls,
      artifacts: entries.size,
      segment: segmentFacts,
      anchor: segment.anchor ? { path: segment.anchor.key, headSeq: segment.anchor.head_seq, createdAt: segment.anchor.created_at, intact: files.some((file) => file.key === segment.anchor!.key && file.status === 'ok') } : null,
      problems,
      notPacked: files.flatMap((file) => (file.bytes === null && failedRead(file.status) ? [{ key: file.key, sha256: file.recordedSha256, status: file.status }] : [])),
      example: example ? { pdf: example.key, sidecar: example.sidecar_key! } : null,
    });
    await add('VERIFY.md', Buffer.from(verify));
    const sumsBody = Buffer.from(sums.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([hash, name]) => `${hash}  ${name}\n`).join(''));
    await zip.add(`${root}/${SUMS_FILE}`, sumsBody, { compress: true, modified: now });
    const bytes = await zip.finish();
    const count = (status: string) => packaged.filter((obligation) => obligation.status === status).length;
    return {
      file: zip.file,
      bytes,
      packageId,
      root,
      controls,
      artifacts: entries.size,
      files: artifactFiles(files),
      obligations: { total: packaged.length, met: count('met'), metLate: packaged.filter(isMetLate).length, metUnverified: count('met-unverified'), missing: count('missing'), notDue: count('not-due') },
      segment: segmentFacts ? { firstSeq: segmentFacts.firstSeq, lastSeq: segmentFacts.lastSeq, anchoredBy: segmentFacts.anchor } : null,
      problems,
      ok: problems.length === 0,
    };
  } catch (error) {
    await zip.abort();
    throw error;
  }
}

/** Artifact files (PDFs, sidecars, JSON records) packed, checkpoints aside. */
function artifactFiles(files: PackagedFile[]): number {
  return files.filter((file) => file.artifactId !== null && file.bytes !== null).length;
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
}

function checkControls(settings: Settings, requested: string[] | undefined): string[] {
  if (!requested || requested.length === 0) return [...settings.controls].sort(compareControls);
  const controls = [...new Set(requested.map((control) => control.trim().toUpperCase()))];
  for (const control of controls) {
    if (!isControlId(control)) throw new DomainError(`unknown control ID ${JSON.stringify(control)}: expected a Trust Services Criterion such as CC6.1`, 'invalid_control');
    if (!settings.controls.includes(control)) throw new DomainError(`${control} is not in scope: the controls in scope are ${settings.controls.join(', ')}`, 'invalid_control');
  }
  return controls.sort(compareControls);
}

/** A checkpoint read back must name a row of the segment by the hash that row has now. */
function checkpointProblems(key: string, body: Buffer, rows: LedgerEntry[]): string[] {
  let checkpoint: { head_seq?: unknown; head_hash?: unknown };
  try {
    checkpoint = JSON.parse(body.toString('utf8')) as typeof checkpoint;
  } catch {
    return [`UNREADABLE: ledger checkpoint ${key} is not JSON`];
  }
  const row = rows.find((candidate) => candidate.seq === checkpoint.head_seq);
  if (!row) return [`CHECKPOINT MISMATCH: ${key} names ledger row ${String(checkpoint.head_seq)}, which is not in the segment`];
  if (row.entry_hash !== checkpoint.head_hash) return [`CHECKPOINT MISMATCH: ${key} anchors row ${row.seq} at ${String(checkpoint.head_hash)}, but the ledger now has ${row.entry_hash}: the history up to that row was rewritten`];
  return [];
}
