import type { Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import { newId } from '../ids.ts';
import type { Db } from '../store/db.ts';
import { sha256Hex } from './hash.ts';
import { ledgerHead } from './ledger.ts';
import { addToOutbox } from './outbox.ts';
import { buildKey, LEDGER_SEGMENT } from './path-schema.ts';

export const CHECKPOINT_SCHEMA = 'evidence-bot/checkpoint/v1';
export const CHECKPOINT_KIND = 'checkpoint';
const DAY_MS = 86_400_000;

export interface CheckpointBody {
  schema: string;
  id: string;
  created_at: string;
  head_seq: number;
  head_hash: string;
  previous: { key: string; sha256: string; head_seq: number } | null;
}

/**
 * Anchors the ledger's head outside the database: a small JSON object in the sink (under Object
 * Lock on S3). Whoever rewrites the database later cannot make the old heads match again.
 * Writes nothing when no artifact was filed since the last checkpoint.
 */
export function writeCheckpoint(deps: { db: Db; clock: Clock; logger: Logger }, settings: { prefix: string; retentionDays: number }): CheckpointBody | null {
  const { db, clock, logger } = deps;
  return db.transaction((): CheckpointBody | null => {
    const head = ledgerHead(db);
    const last = db.prepare('SELECT key, sha256, head_seq FROM checkpoints ORDER BY id DESC LIMIT 1').get() as { key: string; sha256: string; head_seq: number } | undefined;
    if (head.seq === 0 || (last && last.head_seq >= head.seq)) return null;
    const now = clock.now();
    const body: CheckpointBody = {
      schema: CHECKPOINT_SCHEMA,
      id: newId(),
      created_at: now.toISOString(),
      head_seq: head.seq,
      head_hash: head.entryHash,
      previous: last ? { key: last.key, sha256: last.sha256, head_seq: last.head_seq } : null,
    };
    const bytes = Buffer.from(`${JSON.stringify(body, null, 2)}\n`);
    const sha256 = sha256Hex(bytes);
    const key = buildKey({ prefix: settings.prefix, control: LEDGER_SEGMENT, capturedAt: now, kind: CHECKPOINT_KIND, subject: 'ledger-head', id: body.id, ext: 'json' });
    db.prepare('INSERT INTO checkpoints (created_at, head_seq, head_hash, key, sha256) VALUES (?, ?, ?, ?, ?)').run(body.created_at, body.head_seq, body.head_hash, key, sha256);
    addToOutbox(
      db,
      {
        key,
        body: bytes,
        sha256,
        contentType: 'application/json',
        metadata: { 'head-seq': String(head.seq), 'head-hash': head.entryHash, sha256 },
        tags: { kind: CHECKPOINT_KIND, 'head-seq': String(head.seq), 'head-hash': head.entryHash },
        retainUntil: new Date(now.getTime() + settings.retentionDays * DAY_MS),
      },
      null,
      now,
    );
    logger.info('ledger checkpoint written', { headSeq: head.seq, key });
    return body;
  })();
}

export function checkpointPrefix(prefix: string): string {
  return `${prefix}/${LEDGER_SEGMENT}/`;
}
