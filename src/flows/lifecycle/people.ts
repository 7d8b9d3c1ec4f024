import { upsertPerson } from '../../store/people.ts';
import { stmt } from '../../store/statements.ts';
import type { FlowDeps } from '../deps.ts';

/**
 * The Slack member with this email: from the people cache, else `users.lookupByEmail` (and
 * cached). Null when Slack has nobody with it; a Slack failure throws, so the caller can answer
 * "try again" instead of deciding on a guess.
 */
export async function slackIdByEmail(deps: FlowDeps, email: string, options: { includeDeactivated?: boolean } = {}): Promise<string | null> {
  const cached = stmt(deps.db, 'SELECT slack_id FROM people WHERE lower(email) = @email AND is_bot = 0 AND (deleted = 0 OR @deactivated = 1) ORDER BY deleted LIMIT 1')
    .pluck()
    .get({ email: email.toLowerCase(), deactivated: options.includeDeactivated ? 1 : 0 }) as string | undefined;
  if (cached) return cached;
  const person = await deps.slack.lookupByEmail(email);
  if (!person || person.isBot) return null;
  upsertPerson(deps.db, person, deps.clock.now());
  if (person.deleted && !options.includeDeactivated) return null;
  return person.id;
}
