import type { Clock } from '../clock.ts';
import type { Settings } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { writeCheckpoint } from './checkpoint.ts';
import { ArtifactPipeline, enqueueArtifact } from './pipeline.ts';
import type { Renderer } from './pdf/render-pool.ts';
import type { Sink } from './sinks/types.ts';
import type { ArtifactSpec } from './spec.ts';
import { Uploader, type UploaderOptions } from './uploader.ts';
import { verifyEvidence } from './verify.ts';

export interface EvidenceDeps {
  db: Db;
  sink: Sink;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  uploader?: UploaderOptions;
  render?: Renderer;
}

export type Evidence = ReturnType<typeof createEvidence>;

/** The artifact pipeline as flows and the CLI see it: enqueue, file, upload, checkpoint, verify. */
export function createEvidence(deps: EvidenceDeps) {
  const { db, sink, clock, logger, settings } = deps;
  const limits = { maxPayloadBytes: settings.evidence.maxPayloadBytes, controlsInScope: settings.controls };
  const pipelineSettings = { ...limits, organization: settings.organization, prefix: settings.evidence.prefix, retentionDays: settings.evidence.retentionDays };
  const pipeline = new ArtifactPipeline({ db, clock, logger, settings: pipelineSettings, render: deps.render });
  const uploader = new Uploader({ db, sink, clock, logger }, deps.uploader);
  return {
    sink,
    pipeline,
    uploader,
    /** Queue inside the caller's transaction; throws InvalidEvidenceError and writes nothing on bad input. */
    enqueue: (spec: ArtifactSpec) => enqueueArtifact(db, spec, limits, clock.now()),
    /** File what is queued, then push it to the sink; safe to call as often as you like. */
    flush: async () => {
      const filed = await pipeline.fileDue();
      const drained = await uploader.drain();
      return { filed, drained };
    },
    checkpoint: () => writeCheckpoint({ db, clock, logger }, { prefix: settings.evidence.prefix, retentionDays: settings.evidence.retentionDays }),
    verify: () => verifyEvidence({ db, sink }, { prefix: settings.evidence.prefix }),
  };
}
