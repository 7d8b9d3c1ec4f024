import type { Clock } from '../clock.ts';
import { errorMessage } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex } from './hash.ts';
import { appendEntry, findBySourceKey, type LedgerEntry, type LedgerRecord } from './ledger.ts';
import { objectLabels } from './labels.ts';
import { addToOutbox } from './outbox.ts';
import { buildKey } from './path-schema.ts';
import type { RenderModel } from './pdf/model.ts';
import { renderInProcess, type Renderer } from './pdf/render-pool.ts';
import { buildSidecar } from './sidecar.ts';
import { validateSpec, type ArtifactSpec, type SpecLimits } from './spec.ts';
import { yieldToIo } from '../yield.ts';
import { stmt } from '../store/statements.ts';
import { durable } from '../store/durable.ts';

export interface PipelineSettings extends SpecLimits {
  organization: string;
  prefix: string;
  retentionDays: number;
}

export interface PipelineDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  settings: PipelineSettings;
  /** Where PDFs are drawn: in this thread by default, or on the render thread. */
  render?: Renderer;
  /** Awaited between batches; a turn of the event loop by default. */
  pause?: () => Promise<void>;
}

const DAY_MS = 86_400_000;
const JOB_RETRY_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000];
/** Jobs rendered, then committed together: one fsync per batch instead of one per artifact. */
const BATCH = 16;

/**
 * Records a signed response's artifact as a durable job. Call it in the same transaction that
 * stores the response: from then on the artifact will be filed even if the process dies.
 * Throws InvalidEvidenceError, writing nothing, when the spec cannot be filed.
 */
export function enqueueArtifact(db: Db, spec: ArtifactSpec, limits: SpecLimits, at: Date): 'queued' | 'duplicate' {
  validateSpec(spec, limits);
  if (findBySourceKey(db, spec.sourceKey)) return 'duplicate';
  const result = stmt(
      db,'INSERT OR IGNORE INTO artifact_jobs (source_key, spec, created_at, next_try_at) VALUES (?, ?, ?, ?)')
    .run(spec.sourceKey, JSON.stringify(spec), at.toISOString(), at.toISOString());
  return result.changes === 1 ? 'queued' : 'duplicate';
}

/** What the renderer draws for a spec: its facts, plus the effective range and the payload hash. */
export function renderModelOf(spec: ArtifactSpec, extra: { organization: string; effective: { from: string; to: string }; payloadSha256: string }): RenderModel {
  return {
    id: spec.id,
    organization: extra.organization,
    title: spec.title,
    kind: spec.kind,
    controls: spec.controls,
    period: spec.period,
    effective: extra.effective,
    capturedAt: spec.capturedAt,
    subject: spec.subject,
    subjectLabel: spec.subjectLabel,
    sections: spec.sections,
    signer: spec.signer,
    signedAt: spec.capturedAt,
    history: spec.history,
    payloadSha256: extra.payloadSha256,
  };
}

interface Built {
  spec: ArtifactSpec;
  entry: Omit<LedgerRecord, 'seq' | 'created_at'>;
  document: { key: string; body: Buffer; sha256: string } | null;
  sidecar: { key: string; body: Buffer; sha256: string };
}

/** Renders queued artifacts and writes each to the ledger and the outbox in one transaction. */
export class ArtifactPipeline {
  private readonly committed = new Set<() => void>();
  private running: Promise<LedgerEntry[]> | null = null;
  private following: Promise<LedgerEntry[]> | null = null;

  constructor(private readonly deps: PipelineDeps) {}

  /**
   * Files the jobs due when the run begins, one run at a time, so a job is never rendered twice
   * at once. A call during a run gets the run after it (shared by every such call): a job
   * queued meanwhile is filed right after, and no caller (the tick, before its sweep) waits on a
   * run that a steady stream of new signatures would keep going.
   */
  /** Calls `listener` after each batch is committed, until the returned function is called. */
  onCommit(listener: () => void): () => void {
    this.committed.add(listener);
    return () => void this.committed.delete(listener);
  }

  fileDue(): Promise<LedgerEntry[]> {
    if (this.running) {
      const next = (): Promise<LedgerEntry[]> => {
        this.following = null;
        return this.fileDue();
      };
      this.following ??= this.running.then(next, next);
      return this.following;
    }
    this.running = this.runJobs().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  pendingJobs(): number {
    return (stmt(this.deps.db, 'SELECT COUNT(*) AS n FROM artifact_jobs').get() as { n: number }).n;
  }

  private async runJobs(): Promise<LedgerEntry[]> {
    const { db, clock, logger } = this.deps;
    const filed: LedgerEntry[] = [];
    const due = stmt(db, 'SELECT id, source_key, spec, attempts FROM artifact_jobs WHERE next_try_at <= ? AND id <= ? ORDER BY id LIMIT ?');
    // The jobs queued when the run began; later ones are the next run's.
    const last = (stmt(db, 'SELECT MAX(id) FROM artifact_jobs').pluck().get() as number | null) ?? 0;
    // Keyed by source, not row ID: SQLite reuses the ID of a deleted job for the next one.
    const seen = new Set<string>();
    type Job = { id: number; source_key: string; spec: string; attempts: number };
    const take = (): Job[] => {
      // Twice the batch: the rows of the batch being committed are still there, and already seen.
      const jobs = (due.all(clock.now().toISOString(), last, 2 * BATCH) as Job[]).filter((job) => !seen.has(job.source_key)).slice(0, BATCH);
      for (const job of jobs) seen.add(job.source_key);
      return jobs;
    };
    // A batch goes to the renderer at once: awaited one by one, each render would wait for a
    // turn of an event loop busy with Slack requests, and filing would crawl under load.
    const build = (jobs: Job[]) =>
      Promise.all(
        jobs.map(async (job) => {
          const spec = JSON.parse(job.spec) as ArtifactSpec;
          try {
            return { ok: true as const, job, spec, artifact: await this.build(spec) };
          } catch (error) {
            return { ok: false as const, job, spec, error };
          }
        }),
      );
    let building = build(take());
    for (;;) {
      const outcomes = await building;
      if (outcomes.length === 0) return filed;
      // The next batch renders while this one is committed and uploaded.
      building = build(take());
      const built: { jobId: number; artifact: Built }[] = [];
      for (const outcome of outcomes) {
        if (outcome.ok) {
          built.push({ jobId: outcome.job.id, artifact: outcome.artifact });
          continue;
        }
        const { job, spec, error } = outcome;
        const delay = JOB_RETRY_MS[Math.min(job.attempts, JOB_RETRY_MS.length - 1)]!;
        stmt(db, 'UPDATE artifact_jobs SET attempts = attempts + 1, last_error = ?, next_try_at = ? WHERE id = ?').run(
          errorMessage(error).slice(0, 500),
          new Date(clock.now().getTime() + delay).toISOString(),
          job.id,
        );
        logger.error('artifact could not be filed; will retry', { sourceKey: spec.sourceKey, kind: spec.kind, attempt: job.attempts + 1 }, error);
      }
      // One commit for the batch: the ledger rows, their outbox rows, and the jobs they replace.
      const entries = db.transaction(() => built.map(({ jobId, artifact }) => this.record(artifact, jobId)))();
      for (const entry of entries) if (entry) filed.push(this.logged(entry));
      if (entries.some(Boolean)) {
        // Nothing leaves for the sink before its ledger row is on disk: a row lost to a power cut
        // and filed again would not match what the sink already holds.
        await durable(db);
        for (const listener of this.committed) listener();
      }
      // Let waiting Slack requests be acked before the next batch.
      await (this.deps.pause ?? yieldToIo)();
    }
  }

  /** Renders and files one spec now (the job row, when given, is removed in the same transaction). */
  async file(spec: ArtifactSpec, jobId?: number): Promise<LedgerEntry | null> {
    const built = await this.build(spec);
    const entry = this.deps.db.transaction(() => this.record(built, jobId))();
    return entry ? this.logged(entry) : null;
  }

  private logged(entry: LedgerEntry): LedgerEntry {
    this.deps.logger.info('artifact filed', { artifactId: entry.id, seq: entry.seq, kind: entry.kind, controls: entry.controls, key: entry.key });
    return entry;
  }

  /** Writes the ledger row and its outbox rows; call inside a transaction. Null when already filed. */
  private record(built: Built, jobId: number | undefined): LedgerEntry | null {
    const { db, clock } = this.deps;
    if (jobId !== undefined) stmt(db, 'DELETE FROM artifact_jobs WHERE id = ?').run(jobId);
    if (findBySourceKey(db, built.spec.sourceKey)) return null;
    const now = clock.now();
    const entry = appendEntry(db, { ...built.entry, created_at: now.toISOString() });
    const retainUntil = new Date(entry.retain_until);
    if (built.document) {
      addToOutbox(db, { key: built.document.key, body: built.document.body, sha256: built.document.sha256, contentType: 'application/pdf', retainUntil, ...objectLabels(entry, built.document.sha256) }, entry.seq, now);
    }
    addToOutbox(db, { key: built.sidecar.key, body: built.sidecar.body, sha256: built.sidecar.sha256, contentType: 'application/json', retainUntil, ...objectLabels(entry, built.sidecar.sha256) }, entry.seq, now);
    return entry;
  }

  private async build(spec: ArtifactSpec): Promise<Built> {
    const { settings } = this.deps;
    const { effective } = validateSpec(spec, settings);
    const payloadSha256 = sha256Hex(canonicalJson(spec.payload ?? null));
    const capturedAt = new Date(spec.capturedAt);
    const retainUntil = new Date(capturedAt.getTime() + settings.retentionDays * DAY_MS).toISOString();
    const keyParts = { prefix: settings.prefix, control: spec.controls[0]!, capturedAt, kind: spec.kind, subject: spec.subject, id: spec.id };

    let document: Built['document'] = null;
    if (spec.format === 'pdf') {
      const body = await (this.deps.render ?? renderInProcess)(renderModelOf(spec, { organization: settings.organization, effective, payloadSha256 }));
      document = { key: buildKey({ ...keyParts, ext: 'pdf' }), body, sha256: sha256Hex(body) };
    }
    const sidecarKey = buildKey({ ...keyParts, ext: 'json' });
    const sidecarBody = buildSidecar({
      spec,
      organization: settings.organization,
      effective,
      payloadSha256,
      retainUntil,
      document: document ? { key: document.key, sha256: document.sha256, bytes: document.body.length, content_type: 'application/pdf' } : null,
    });
    const sidecar = { key: sidecarKey, body: sidecarBody, sha256: sha256Hex(sidecarBody) };
    const main = document ?? sidecar;
    return {
      spec,
      document,
      sidecar,
      entry: {
        id: spec.id,
        source_key: spec.sourceKey,
        kind: spec.kind,
        controls: spec.controls,
        period: spec.period,
        effective_from: effective.from,
        effective_to: effective.to,
        subject: spec.subject,
        title: spec.title,
        request_id: spec.requestId ?? null,
        signer: spec.signer,
        captured_at: spec.capturedAt,
        payload_sha256: payloadSha256,
        key: main.key,
        sha256: main.sha256,
        bytes: main.body.length,
        sidecar_key: document ? sidecar.key : null,
        sidecar_sha256: document ? sidecar.sha256 : null,
        sidecar_bytes: document ? sidecar.body.length : null,
        retain_until: retainUntil,
      },
    };
  }
}
