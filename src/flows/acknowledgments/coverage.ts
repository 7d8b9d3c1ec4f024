import type { Settings } from '../../config-schema.ts';
import type { Db } from '../../store/db.ts';
import { activeEmployees } from '../../store/people.ts';
import { stmt } from '../../store/statements.ts';
import { ACK_KIND, versionsKey } from './model.ts';

export interface AcknowledgmentCoverage {
  period: string;
  inScope: number;
  acknowledged: number;
  missing: { slackId: string; name: string }[];
}

/**
 * Who in scope has signed the current policy versions for the period, and who has not. The
 * workspace audience is the people cache (refreshed by every campaign), so this asks Slack nothing.
 */
export function acknowledgmentCoverage(db: Db, settings: Settings, period: string): AcknowledgmentCoverage {
  const excluded = new Set(settings.acknowledgments.exclude);
  const people =
    settings.acknowledgments.audience === 'listed'
      ? settings.acknowledgments.users.map((slackId) => ({ slack_id: slackId, name: (stmt(db, 'SELECT name FROM people WHERE slack_id = ?').pluck().get(slackId) as string | undefined) ?? slackId }))
      : activeEmployees(db);
  const versions = versionsKey(settings);
  const signed = new Set(
    stmt(db, "SELECT assignee FROM requests WHERE kind = ? AND state = 'answered' AND dedupe_key LIKE ?")
      .pluck()
      .all(ACK_KIND, `${ACK_KIND}:${period}:%:${versions}`) as string[],
  );
  const inScope = people.filter((person) => !excluded.has(person.slack_id));
  const missing = inScope.filter((person) => !signed.has(person.slack_id)).map((person) => ({ slackId: person.slack_id, name: person.name }));
  return { period, inScope: inScope.length, acknowledged: inScope.length - missing.length, missing };
}
