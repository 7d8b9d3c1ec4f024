import { outboxBacklog } from '../evidence/outbox.ts';
import { loadMigrations } from '../store/migrate.ts';
import type { CliContext, CliIo } from './context.ts';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** `evidence doctor`: config, database, sink; on S3 also versioning and Object Lock. */
export async function doctorCommand(ctx: CliContext, io: CliIo, json: boolean): Promise<number> {
  const checks: Check[] = [{ name: 'config valid', ok: true, detail: ctx.config.settingsSource }];
  const applied = new Set(ctx.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const version = Math.max(0, ...applied);
  // Migration numbers may have gaps (a number reserved by another branch), so compare sets, not counts.
  const migrations = loadMigrations();
  const missing = migrations.filter((migration) => !applied.has(migration.version)).map((migration) => migration.version);
  const known = migrations.at(-1)?.version ?? 0;
  checks.push({ name: 'database schema current', ok: missing.length === 0, detail: `schema version ${version} of ${known}${missing.length ? `; not applied: ${missing.join(', ')}` : ''}` });
  const journal = ctx.db.pragma('journal_mode', { simple: true }) as string;
  checks.push({ name: 'database in WAL mode', ok: journal === 'wal', detail: `journal_mode=${journal}` });
  const integrity = ctx.db.pragma('quick_check', { simple: true }) as string;
  checks.push({ name: 'database integrity', ok: integrity === 'ok', detail: integrity });
  checks.push(...(await ctx.sink.check()));
  const backlog = outboxBacklog(ctx.db);
  checks.push({
    name: 'outbox draining',
    ok: backlog.failing === 0,
    detail: backlog.pending === 0 ? 'nothing waiting' : `${backlog.pending} object(s) waiting since ${backlog.oldest}${backlog.lastError ? `; last error: ${backlog.lastError}` : ''}`,
  });
  const ok = checks.every((check) => check.ok);
  if (json) io.out(JSON.stringify({ ok, checks }, null, 2));
  else {
    for (const check of checks) io.out(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
    io.out(ok ? 'All checks passed.' : 'Some checks failed.');
  }
  return ok ? 0 : 1;
}
