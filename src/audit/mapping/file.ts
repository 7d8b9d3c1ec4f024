import type { Settings } from '../../config-schema.ts';
import type { Evidence } from '../../evidence/evidence.ts';
import { newId } from '../../ids.ts';
import type { MappingReport } from './check.ts';
import { mappingReportSpec, reportControls } from './report-artifact.ts';

export type Filing =
  | { filed: true; artifactId: string; controls: string[]; key: string; sidecarKey: string | null; uploaded: number; waiting: number }
  | { filed: false; reason: string };

/**
 * Files the report through the artifact pipeline, as a PDF and its JSON record under the
 * criteria it covers, then uploads what waits. An upload that fails leaves it in the outbox,
 * to be retried like any other artifact.
 */
export async function fileMappingReport(deps: { evidence: Evidence; settings: Settings }, report: MappingReport): Promise<Filing> {
  if (report.pairs.length === 0) return { filed: false, reason: 'nothing was checked: no artifact has an effective period overlapping the observation window' };
  const controls = reportControls(report, deps.settings.controls);
  if (controls.length === 0) return { filed: false, reason: 'none of the criteria it covers is in scope ("controls" in the config)' };
  const entry = await deps.evidence.pipeline.file(mappingReportSpec(report, { id: newId(), controls }));
  // A fresh ID is a fresh source key: the pipeline files it or throws, never skips it.
  if (!entry) throw new Error('the mapping report was not filed although its source key is new');
  const drained = await deps.evidence.uploader.drain();
  return { filed: true, artifactId: entry.id, controls, key: entry.key, sidecarKey: entry.sidecar_key, uploaded: drained.uploaded, waiting: drained.failed };
}
