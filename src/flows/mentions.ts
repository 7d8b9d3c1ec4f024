import type { Db } from '../store/db.ts';
import { getPerson } from '../store/people.ts';

const MENTION = /<@([UW][A-Z0-9]{2,})>/g;

/**
 * Slack mentions (`<@U0123>`) as an auditor reads them on paper: the person's name with the ID
 * that identifies them, or the bare ID when the bot never learned the name.
 */
export function readableMentions(db: Db, text: string): string {
  return text.replace(MENTION, (_match, id: string) => readablePerson(db, id));
}

/** One Slack user ID as an auditor reads it: "Morgan Lee (U0123)", or the bare ID when the name is unknown. */
export function readablePerson(db: Db, id: string): string {
  const name = getPerson(db, id)?.name;
  return name ? `${name} (${id})` : id;
}
