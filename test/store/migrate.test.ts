import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { loadMigrations, migrate } from '../../src/store/migrate.ts';
import { tempDir } from '../helpers/temp.ts';

describe('migrations', () => {
  it('when a new database file is opened, then every migration is applied once, recorded, and WAL is on', () => {
    const file = path.join(tempDir(), 'nested', 'evidence.db');
    const db = openDatabase(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(loadMigrations().map((migration) => migration.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(versions.length);
    again.close();
  });

  it('when the tables exist, then real queries run against them', () => {
    const db = openDatabase(':memory:');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['artifacts', 'artifact_controls', 'artifact_jobs', 'outbox', 'checkpoints', 'schema_migrations']));
    expect(db.prepare('SELECT COUNT(*) FROM artifacts').pluck().get()).toBe(0);
  });

  it('when a database was migrated by a newer build, then opening it is refused', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01')").run();
    expect(() => migrate(db)).toThrow('the database is at schema version 999, newer than this build knows');
  });

  it('when two migration files share a number, then loading refuses; a number held by another branch may be missing', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { pathToFileURL } = await import('node:url');
    const dir = path.join(tempDir(), 'migrations');
    mkdirSync(dir);
    writeFileSync(path.join(dir, '0001-a.sql'), 'CREATE TABLE a (x INTEGER);');
    writeFileSync(path.join(dir, '0003-c.sql'), 'CREATE TABLE c (x INTEGER);');
    expect(loadMigrations(pathToFileURL(`${dir}/`)).map((migration) => migration.version)).toEqual([1, 3]);
    writeFileSync(path.join(dir, '0003-d.sql'), 'CREATE TABLE d (x INTEGER);');
    expect(() => loadMigrations(pathToFileURL(`${dir}/`))).toThrow('two migrations are numbered 0003: c and d');
  });

  it('when a migration fails, then nothing of it is kept', () => {
    const db = new Database(':memory:');
    const broken = [{ version: 1, name: 'broken', sql: 'CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);' }];
    expect(() => migrate(db, broken)).toThrow('table a already exists');
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(0);
  });

  it('when the ledger is touched by UPDATE or DELETE, then SQLite refuses: artifacts are append-only', () => {
    const db = openDatabase(':memory:');
    db.prepare(
      `INSERT INTO artifacts (seq, id, source_key, kind, controls, period, effective_from, effective_to, subject, title, captured_at, payload_sha256, key, sha256, bytes, retain_until, created_at, prev_hash, entry_hash)
       VALUES (1, 'a', 's', 'k', '[]', '2026', '2026-01-01', '2026-12-31', 'x', 't', 'c', 'p', 'key', 'h', 1, 'r', 'c', 'p', 'e')`,
    ).run();
    expect(() => db.prepare("UPDATE artifacts SET title = 'changed'").run()).toThrow('artifacts are append-only');
    expect(() => db.prepare('DELETE FROM artifacts').run()).toThrow('artifacts are append-only');
  });
});
