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
  // One pass over the audience: the counts and the first names missing come from the same rows.
  const rows = stmt(
    db,
    `WITH scope AS (
       SELECT slack_id, name FROM people WHERE @everyone = 1 AND is_bot = 0 AND deleted = 0 AND is_restricted = 0
       UNION
       SELECT l.value, COALESCE((SELECT name FROM people WHERE slack_id = l.value), l.value) FROM json_each(@listed) l WHERE @everyone = 0
     )
     SELECT slack_id AS slackId, name,
       EXISTS (SELECT 1 FROM requests r WHERE r.dedupe_key = @prefix || s.slack_id || @suffix AND r.state = 'answered') AS signed
     FROM scope s WHERE s.slack_id NOT IN (SELECT value FROM json_each(@excluded))
     ORDER BY signed, name`,
  ).all(params) as { slackId: string; name: string; signed: 0 | 1 }[];
  const inScope = rows.length;
  const firstSigned = rows.findIndex((row) => row.signed === 1);
  const missingCount = firstSigned === -1 ? inScope : firstSigned;
  const missing = rows.slice(0, Math.min(missingCount, LISTED_AT_MOST)).map(({ slackId, name }) => ({ slackId, name }));
  return { period, inScope, acknowledged: inScope - missingCount, missingCount, missing };
}
