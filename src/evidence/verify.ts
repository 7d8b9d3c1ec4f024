import type { Db } from '../store/db.ts';
import { errorMessage } from '../errors.ts';
import { checkpointPrefix } from './checkpoint.ts';
import { GENESIS_HASH, sha256Hex } from './hash.ts';
import { entryHash, readLedger, recordOf } from './ledger.ts';
import { pendingBody } from './outbox.ts';
import type { Sink } from './sinks/types.ts';
import { verifyCheckpoints } from './verify-checkpoints.ts';

export type FindingCode =
  | 'ledger-gap'
  | 'ledger-order'
  | 'ledger-edited'
  | 'object-missing'
  | 'object-altered'
  | 'object-unledgered'
  | 'checkpoint-mismatch'
  | 'checkpoint-missing'
  | 'checkpoint-unreadable'
  | 'checkpoint-altered'
  | 'checkpoint-unrecorded'
  | 'checkpoint-chain-broken'
  | 'checkpoint-chain-forked'
  | 'checkpoint-chain-restarted'
  | 'sink-error';

export interface Finding {
  code: FindingCode;
  message: string;
  seq?: number;
  artifactId?: string;
  key?: string;
}

export interface VerifyReport {
  ok: boolean;
  artifacts: number;
  objectsChecked: number;
  objectsPending: number;
  checkpoints: number;
  findings: Finding[];
}

interface ExpectedObject {
  key: string;
  sha256: string;
  seq: number;
  artifactId: string;
}

/**
 * Walks the hash chain, every stored object and every checkpoint in the sink, and names each
 * row or object that is missing, altered, reordered or unaccounted for.
 */
export async function verifyEvidence(deps: { db: Db; sink: Sink }, options: { prefix: string; concurrency?: number }): Promise<VerifyReport> {
  const { db, sink } = deps;
  const findings: Finding[] = [];
  const expected: ExpectedObject[] = [];

  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let artifacts = 0;
  for (const entry of readLedger(db)) {
    artifacts += 1;
    const at = { seq: entry.seq, artifactId: entry.id };
    if (entry.seq !== expectedSeq) {
      findings.push({ code: 'ledger-gap', ...at, message: `ledger rows ${expectedSeq} to ${entry.seq - 1} are missing: the chain jumps to row ${entry.seq} (artifact ${entry.id})` });
    }
    if (entry.prev_hash !== previousHash) {
      findings.push({ code: 'ledger-order', ...at, message: `ledger row ${entry.seq} (artifact ${entry.id}) does not follow the row before it: rows were reordered, removed or inserted` });
    }
    if (entryHash(entry.prev_hash, recordOf(entry)) !== entry.entry_hash) {
      findings.push({ code: 'ledger-edited', ...at, message: `ledger row ${entry.seq} (artifact ${entry.id}) was edited: its fields no longer hash to its entry hash` });
    }
    previousHash = entry.entry_hash;
    expectedSeq = entry.seq + 1;
    expected.push({ key: entry.key, sha256: entry.sha256, seq: entry.seq, artifactId: entry.id });
    if (entry.sidecar_key && entry.sidecar_sha256) expected.push({ key: entry.sidecar_key, sha256: entry.sidecar_sha256, seq: entry.seq, artifactId: entry.id });
  }

  let objectsChecked = 0;
  let objectsPending = 0;
  await forEachLimited(expected, options.concurrency ?? 8, async (object) => {
    const at = { seq: object.seq, artifactId: object.artifactId, key: object.key };
    const pending = pendingBody(db, object.key);
    if (pending) {
      objectsPending += 1;
      if (pending.sha256 !== object.sha256 || !pending.body || sha256Hex(pending.body) !== object.sha256) {
        findings.push({ code: 'object-altered', ...at, message: `artifact ${object.artifactId}: ${object.key}, still waiting in the outbox, does not match the SHA-256 the ledger recorded` });
      }
      return;
    }
    let body: Buffer | null;
    try {
      body = await sink.get(object.key);
    } catch (error) {
      findings.push({ code: 'sink-error', ...at, message: `artifact ${object.artifactId}: could not read ${object.key}: ${errorMessage(error)}` });
      return;
    }
    objectsChecked += 1;
    if (body === null) {
      findings.push({ code: 'object-missing', ...at, message: `artifact ${object.artifactId}: ${object.key} is missing from ${sink.description}` });
      return;
    }
    const actual = sha256Hex(body);
    if (actual !== object.sha256) {
      findings.push({ code: 'object-altered', ...at, message: `artifact ${object.artifactId}: ${object.key} was altered: its SHA-256 is ${actual}, the ledger recorded ${object.sha256}` });
    }
  });

  const checkpoints = await verifyCheckpoints(db, sink, options.prefix, findings);

  const known = new Set(expected.map((object) => object.key));
  const checkpointKeys = new Set((db.prepare('SELECT key FROM checkpoints').pluck().all() as string[]));
  try {
    for await (const key of sink.list(`${options.prefix}/`)) {
      if (!known.has(key) && !checkpointKeys.has(key) && !key.startsWith(checkpointPrefix(options.prefix))) {
        findings.push({ code: 'object-unledgered', key, message: `${key} is in the sink but not in the ledger: a ledger row may have been removed` });
      }
    }
  } catch (error) {
    findings.push({ code: 'sink-error', message: `could not list ${sink.description}: ${errorMessage(error)}` });
  }

  findings.sort((a, b) => (a.seq ?? Number.MAX_SAFE_INTEGER) - (b.seq ?? Number.MAX_SAFE_INTEGER));
  return { ok: findings.length === 0, artifacts, objectsChecked, objectsPending, checkpoints, findings };
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
