import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { writeCheckpoint } from './checkpoint.ts';
import { ArtifactPipeline, enqueueArtifact } from './pipeline.ts';
import type { Renderer } from './pdf/render-pool.ts';
import type { Sink } from './sinks/types.ts';
import type { ArtifactSpec } from './spec.ts';
import { Uploader, type DrainResult, type UploaderOptions } from './uploader.ts';
import { verifyEvidence } from './verify.ts';

export interface EvidenceDeps {
  db: Db;
  sink: Sink;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  uploader?: UploaderOptions;
  render?: Renderer;
  /** Awaited between batches: the bot waits there for a lull in Slack traffic, so acks come first. */
  pause?: () => Promise<void>;
}

export type Evidence = ReturnType<typeof createEvidence>;

/** The artifact pipeline as flows and the CLI see it: enqueue, file, upload, checkpoint, verify. */
export function createEvidence(deps: EvidenceDeps) {
  const { db, sink, clock, logger, settings } = deps;
  const limits = { maxPayloadBytes: settings.evidence.maxPayloadBytes, controlsInScope: settings.controls };
  const pipelineSettings = { ...limits, organization: settings.organization, prefix: settings.evidence.prefix, retentionDays: settings.evidence.retentionDays };
  const pipeline = new ArtifactPipeline({ db, clock, logger, settings: pipelineSettings, render: deps.render, pause: deps.pause });
  const uploader = new Uploader({ db, sink, clock, logger }, deps.uploader);
  return {
    sink,
    pipeline,
    uploader,
    /** Queue inside the caller's transaction; throws InvalidEvidenceError and writes nothing on bad input. */
    enqueue: (spec: ArtifactSpec) => enqueueArtifact(db, spec, limits, clock.now()),
    /** File what is queued, then push it to the sink; safe to call as often as you like. */
    flush: async () => {
      // Each committed batch starts uploading while the next one renders: the render thread draws
      // while this one waits on the sink's writes and fsyncs.
      // A set: calls made during a run share the run after it, and each run is counted once.
      const uploads = new Set<Promise<DrainResult>>();
      const stop = pipeline.onCommit(() => uploads.add(uploader.drain()));
      let filed;
      try {
        filed = await pipeline.fileDue();
      } finally {
        stop();
      }
      uploads.add(uploader.drain());
      const drained = (await Promise.all([...uploads])).reduce((sum, run) => ({ uploaded: sum.uploaded + run.uploaded, alreadyStored: sum.alreadyStored + run.alreadyStored, failed: sum.failed + run.failed }));
      return { filed, drained };
    },
    checkpoint: () => writeCheckpoint({ db, clock, logger }, { prefix: settings.evidence.prefix, retentionDays: settings.evidence.retentionDays }),
    verify: () => verifyEvidence({ db, sink }, { prefix: settings.evidence.prefix }),
  };
}
