import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { getPerson, upsertPerson } from '../../src/store/people.ts';
import type { SlackPerson } from '../../src/slack/port.ts';

const DANA: SlackPerson = { id: 'U0DANA0001', name: 'Dana Developer', email: 'dana@example.com', tz: 'UTC', isBot: false, deleted: false, isRestricted: false };

describe('people: when the bot first saw someone and saw them leave', () => {
  it('when a person is refreshed, deactivated and reactivated, then the first sighting stays and leaving is dated by the refresh that first saw it', () => {
    const db = openDatabase(':memory:');
    upsertPerson(db, DANA, new Date('2026-01-05T10:00:00Z'));
    upsertPerson(db, { ...DANA, name: 'Dana D.' }, new Date('2026-02-05T10:00:00Z'));
    expect(getPerson(db, DANA.id)).toMatchObject({ name: 'Dana D.', first_seen_at: '2026-01-05T10:00:00.000Z', left_at: null, refreshed_at: '2026-02-05T10:00:00.000Z' });
    upsertPerson(db, { ...DANA, deleted: true }, new Date('2026-06-01T10:00:00Z'));
    upsertPerson(db, { ...DANA, deleted: true }, new Date('2026-06-08T10:00:00Z'));
    expect(getPerson(db, DANA.id)).toMatchObject({ deleted: 1, left_at: '2026-06-01T10:00:00.000Z', first_seen_at: '2026-01-05T10:00:00.000Z' });
    upsertPerson(db, DANA, new Date('2026-07-01T10:00:00Z'));
    expect(getPerson(db, DANA.id)).toMatchObject({ deleted: 0, left_at: null });
  });

  it('when someone is first seen already deactivated, then when they left stays unknown', () => {
    const db = openDatabase(':memory:');
    upsertPerson(db, { ...DANA, deleted: true }, new Date('2026-01-05T10:00:00Z'));
    expect(getPerson(db, DANA.id)).toMatchObject({ deleted: 1, left_at: null, first_seen_at: '2026-01-05T10:00:00.000Z' });
  });

  it('when a database from before the migration holds people, then their first sighting is the earliest trace of them', () => {
    const db = new Database(':memory:');
    const migrations = loadMigrations();
    migrate(db, migrations.filter((migration) => migration.version < 4));
    db.prepare("INSERT INTO people (slack_id, name, refreshed_at) VALUES ('U0DANA0001', 'Dana', '2026-03-01T00:00:00.000Z'), ('U0ELI00001', 'Eli', '2026-03-01T00:00:00.000Z')").run();
    db.prepare("INSERT INTO requests (id, kind, subject, title, assignee, state, created_at) VALUES ('r1', 'acknowledgment', 'dana', 'Ack', 'U0DANA0001', 'answered', '2026-01-15T14:00:00.000Z')").run();
    migrate(db, migrations);
    expect(db.prepare('SELECT slack_id, first_seen_at FROM people ORDER BY slack_id').all()).toEqual([
      { slack_id: 'U0DANA0001', first_seen_at: '2026-01-15T14:00:00.000Z' },
      { slack_id: 'U0ELI00001', first_seen_at: '2026-03-01T00:00:00.000Z' },
    ]);
  });
});
