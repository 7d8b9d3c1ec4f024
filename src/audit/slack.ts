import type { Clock } from '../clock.ts';
import type { Settings } from '../config-schema.ts';
import type { Sink } from '../evidence/sinks/types.ts';
import type { Logger } from '../logger.ts';
import type { SlackPort } from '../slack/port.ts';
import type { Db } from '../store/db.ts';
import { gapDigestMessage } from '../../views/gaps.ts';
import { sampleMessage, shownArtifacts } from '../../views/sample.ts';
import type { Directory } from '../flows/directory.ts';
import { findGaps, type GapReport } from './gaps.ts';
import type { SampledRange } from './range.ts';
import { linksFor, sampleEvidence } from './sample.ts';

/** `/evidence sample`: the sample as a Slack message, with links made for the artifacts it shows. */
export async function sampleForSlack(deps: { db: Db; settings: Settings; clock: Clock; sink: Sink }, range: SampledRange, control?: string): Promise<{ text: string; blocks: ReturnType<typeof sampleMessage>['blocks'] }> {
  const report = sampleEvidence({ db: deps.db, settings: deps.settings, now: deps.clock.now() }, range, control);
  const ttlSeconds = Math.round(deps.settings.audit.linkExpiry / 1000);
  const links = await linksFor(deps.sink, shownArtifacts(report), ttlSeconds);
  return sampleMessage({ report, links, linkMinutes: Math.round(ttlSeconds / 60) });
}

/**
 * The weekly gap digest to the compliance channel. The workspace's member list is refreshed
 * first, so people who joined since the last campaign are owed their acknowledgment; if Slack
 * cannot be reached the cached list is used.
 */
export async function postGapDigest(deps: { db: Db; settings: Settings; clock: Clock; slack: SlackPort; directory: Directory; logger: Logger }): Promise<GapReport | null> {
  const { settings } = deps;
  if (!settings.complianceChannel) return null;
  if (settings.acknowledgments.audience === 'workspace' && (settings.policies.length > 0 || settings.acknowledgments.training)) {
    await deps.directory.refreshAll().catch((error: unknown) => deps.logger.warn('could not refresh the member list before the gap digest; using the cached one', error));
  }
  const report = findGaps({ db: deps.db, settings, now: deps.clock.now() });
  await deps.slack.postMessage(settings.complianceChannel, gapDigestMessage(report));
  return report;
}
