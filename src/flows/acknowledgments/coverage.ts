import type { Settings } from '../../config-schema.ts';
import type { Db } from '../../store/db.ts';
import { stmt } from '../../store/statements.ts';
import { ACK_KIND, versionsKey } from './model.ts';

export interface AcknowledgmentCoverage {
  period: string;
  inScope: number;
  acknowledged: number;
  missingCount: number;
  /** The first of those who have not signed, by name; `missingCount` has them all. */
  missing: { slackId: string; name: string }[];
}

const LISTED_AT_MOST = 50;

/**
 * Who in scope has signed the current policy versions for the period, and who has not. The
 * workspace audience is the people cache (refreshed by every campaign), so this asks Slack
 * nothing; each person is one lookup on the requests' unique key.
 */
export function acknowledgmentCoverage(db: Db, settings: Settings, period: string): AcknowledgmentCoverage {
  const params = {
    prefix: `${ACK_KIND}:${period}:`,
    suffix: `:${versionsKey(settings)}`,
    excluded: JSON.stringify(settings.acknowledgments.exclude),
    listed: JSON.stringify(settings.acknowledgments.users),
    everyone: settings.acknowledgments.audience === 'workspace' ? 1 : 0,
  };
  const scope = `
    WITH scope AS (
      SELECT slack_id, name FROM people WHERE @everyone = 1 AND is_bot = 0 AND deleted = 0 AND is_restricted = 0
      UNION
      SELECT l.value, COALESCE((SELECT name FROM people WHERE slack_id = l.value), l.value) FROM json_each(@listed) l WHERE @everyone = 0
    ),
    pending AS (
      SELECT slack_id, name FROM scope s
      WHERE s.slack_id NOT IN (SELECT value FROM json_each(@excluded))
        AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.dedupe_key = @prefix || s.slack_id || @suffix AND r.state = 'answered')
    )`;
  const inScope = stmt(db, `${scope} SELECT COUNT(*) FROM scope WHERE slack_id NOT IN (SELECT value FROM json_each(@excluded))`).pluck().get(params) as number;
  const missingCount = stmt(db, `${scope} SELECT COUNT(*) FROM pending`).pluck().get(params) as number;
  const missing = stmt(db, `${scope} SELECT slack_id AS slackId, name FROM pending ORDER BY name LIMIT ${LISTED_AT_MOST}`).all(params) as { slackId: string; name: string }[];
  return { period, inScope, acknowledged: inScope - missingCount, missingCount, missing };
}
