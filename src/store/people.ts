import type { SlackPerson } from '../slack/port.ts';
import type { Db } from './db.ts';
import { stmt } from './statements.ts';

export interface PersonRow {
  slack_id: string;
  name: string;
  email: string | null;
  tz: string;
  is_bot: number;
  deleted: number;
  is_restricted: number;
  manager: string | null;
  refreshed_at: string;
  /** The first time the bot saw this person: their start, as far as the bot knows. */
  first_seen_at: string | null;
  /** When a refresh first found them deactivated; null while active, or if they were never seen active. */
  left_at: string | null;
}

export function getPerson(db: Db, slackId: string): PersonRow | undefined {
  return stmt(db, 'SELECT * FROM people WHERE slack_id = ?').get(slackId) as PersonRow | undefined;
}

/**
 * Stores what Slack says about a person; the manager, which Slack does not know, is kept. The
 * first sighting is kept too, and the refresh that first finds them deactivated dates their leaving.
 */
export function upsertPerson(db: Db, person: SlackPerson, at: Date): void {
  stmt(
    db,
    `INSERT INTO people (slack_id, name, email, tz, is_bot, deleted, is_restricted, refreshed_at, first_seen_at)
     VALUES (@id, @name, @email, @tz, @isBot, @deleted, @isRestricted, @at, @at)
     ON CONFLICT (slack_id) DO UPDATE SET name = @name, email = @email, tz = @tz, is_bot = @isBot, deleted = @deleted, is_restricted = @isRestricted, refreshed_at = @at,
       left_at = CASE WHEN @deleted = 0 THEN NULL WHEN people.deleted = 0 THEN @at ELSE people.left_at END`,
  ).run({ ...person, isBot: person.isBot ? 1 : 0, deleted: person.deleted ? 1 : 0, isRestricted: person.isRestricted ? 1 : 0, at: at.toISOString() });
}

export function setManager(db: Db, slackId: string, manager: string | null): void {
  stmt(db, 'UPDATE people SET manager = ? WHERE slack_id = ?').run(manager, slackId);
}

export function activeEmployees(db: Db): PersonRow[] {
  return stmt(db, 'SELECT * FROM people WHERE is_bot = 0 AND deleted = 0 AND is_restricted = 0 ORDER BY name').all() as PersonRow[];
}
