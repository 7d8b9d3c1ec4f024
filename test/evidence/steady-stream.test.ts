import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalSink } from '../../src/evidence/sinks/local.ts';
import type { PutOutcome, SinkObject } from '../../src/evidence/sinks/types.ts';
import { evidenceHarness, sampleSpec } from '../helpers/evidence.ts';
import { tempDir } from '../helpers/temp.ts';

/** A local sink whose writes wait until the test opens the gate. */
class GatedSink extends LocalSink {
  private open!: () => void;
  readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  release(): void {
    this.open();
  }
  override async put(object: SinkObject): Promise<PutOutcome> {
    await this.gate;
    return super.put(object);
  }
}

describe('filing and uploading under a steady stream of signatures', () => {
  it('when a job is queued while a filing run is under way, then that run ends with what was due when it began, and the call made meanwhile files the new one right after', async () => {
    const h = evidenceHarness();
    h.evidence.enqueue(sampleSpec());
    h.evidence.enqueue(sampleSpec());
    const first = h.evidence.pipeline.fileDue();
    h.evidence.enqueue(sampleSpec());
    const second = h.evidence.pipeline.fileDue();
    expect(second).not.toBe(first);
    expect((await first).length).toBe(2);
    expect((await second).length).toBe(1);
    expect(h.evidence.pipeline.pendingJobs()).toBe(0);
  });

  it('when objects are queued while an upload run is under way, then that run ends with what was due when it began, and the call made meanwhile uploads the new ones right after', async () => {
    const sink = new GatedSink(path.join(tempDir(), 'sink'));
    const h = evidenceHarness({ sink });
    h.evidence.enqueue(sampleSpec());
    await h.evidence.pipeline.fileDue();
    const first = h.evidence.uploader.drain();
    h.evidence.enqueue(sampleSpec());
    await h.evidence.pipeline.fileDue();
    const second = h.evidence.uploader.drain();
    sink.release();
    expect(await first).toEqual({ uploaded: 2, alreadyStored: 0, failed: 0 });
    expect(await second).toEqual({ uploaded: 2, alreadyStored: 0, failed: 0 });
    expect(h.db.prepare('SELECT COUNT(*) FROM outbox WHERE uploaded_at IS NULL').pluck().get()).toBe(0);
  });
});
