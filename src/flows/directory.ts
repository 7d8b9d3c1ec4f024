import type { Clock } from '../clock.ts';
import type { Db } from '../store/db.ts';
import { getPerson, upsertPerson, type PersonRow } from '../store/people.ts';
import type { SlackPerson, SlackPort } from '../slack/port.ts';

const FRESH_FOR_MS = 24 * 3_600_000;

export interface Person {
  slackId: string;
  name: string;
  email: string | null;
  tz: string;
  manager: string | null;
  active: boolean;
}

/**
 * Who people are: name, email and time zone from Slack (cached a day in SQLite, so a sweep of
 * thousands of reminders does not ask Slack thousands of times), manager from the config's
 * `managers` map (or HR events), which wins over anything stored.
 */
export class Directory {
  constructor(private readonly deps: { db: Db; slack: SlackPort; clock: Clock; managers: Record<string, string> }) {}

  async person(slackId: string): Promise<Person | null> {
    const { db, slack, clock } = this.deps;
    let row = getPerson(db, slackId);
    const stale = !row || clock.now().getTime() - new Date(row.refreshed_at).getTime() > FRESH_FOR_MS;
    if (stale) {
      const fresh = await slack.userInfo(slackId).catch((error: unknown) => {
        // A cached record beats no record when Slack is briefly unavailable.
        if (row) return null;
        throw error;
      });
      if (fresh) {
        upsertPerson(db, fresh, clock.now());
        row = getPerson(db, slackId);
      }
    }
    return row ? this.toPerson(row) : null;
  }

  /** Every workspace member, refreshed from users.list, for campaigns that reach everyone. */
  async refreshAll(): Promise<SlackPerson[]> {
    const { db, slack, clock } = this.deps;
    const everyone = await slack.listUsers();
    const at = clock.now();
    db.transaction(() => everyone.forEach((person) => upsertPerson(db, person, at)))();
    return everyone;
  }

  cached(slackId: string): Person | null {
    const row = getPerson(this.deps.db, slackId);
    return row ? this.toPerson(row) : null;
  }

  managerOf(slackId: string): string | null {
    return this.deps.managers[slackId] ?? getPerson(this.deps.db, slackId)?.manager ?? null;
  }

  private toPerson(row: PersonRow): Person {
    return {
      slackId: row.slack_id,
      name: row.name,
      email: row.email,
      tz: row.tz,
      manager: this.deps.managers[row.slack_id] ?? row.manager,
      active: !row.deleted && !row.is_bot,
    };
  }
}
