import { readdirSync, readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';

const MIGRATION_FILE = /^(\d{4})-([a-z0-9-]+)\.sql$/;
export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: URL = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new Error(`migration file ${file} is not named NNNN-name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(new URL(file, dir), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  // Numbers are reserved per branch, so a build may lack one (0004 lives on another branch until
  // merged); a number used twice would apply one file and silently skip the other.
  migrations.forEach((migration, index) => {
    const previous = migrations[index - 1];
    if (previous && previous.version === migration.version) throw new Error(`two migrations are numbered ${String(migration.version).padStart(4, '0')}: ${previous.name} and ${migration.name}`);
  });
  return migrations;
}

/**
 * Applies what is missing, each migration in its own transaction, and refuses a database that
 * a newer build already migrated: running old code on it could corrupt what it does not know.
 */
export function migrate(db: Database, migrations: Migration[] = loadMigrations(), at: Date = new Date()): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  const newest = migrations.at(-1)?.version ?? 0;
  const newestApplied = applied.at(-1) ?? 0;
  if (newestApplied > newest) {
    throw new Error(`the database is at schema version ${newestApplied}, newer than this build knows (${newest}); upgrade evidence-bot before opening it`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done = new Set(applied);
  const ran: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, at.toISOString());
    })();
    ran.push(migration.version);
  }
  return ran;
}
