import type { Db } from '../store/db.ts';
import { errorMessage } from '../errors.ts';
import { CHECKPOINT_SCHEMA, checkpointPrefix, type CheckpointBody } from './checkpoint.ts';
import { sha256Hex } from './hash.ts';
import { entryAt } from './ledger.ts';
import { pendingBody } from './outbox.ts';
import type { Sink } from './sinks/types.ts';
import type { Finding, FindingCode } from './verify.ts';

/** A checkpoint as verify read it: the SHA-256 of its bytes and, when they parse, its body. */
interface ReadCheckpoint {
  key: string;
  sha256: string;
  body: CheckpointBody | null;
}

/** Keys of checkpoints whose own bytes are in doubt, with the codes of the findings that say so. */
type Doubts = Map<string, Set<FindingCode>>;

/**
 * Checks every checkpoint three ways: its bytes against the SHA-256 the database recorded, its
 * `previous` link against the checkpoint before it, and its head against the ledger.
 * Returns how many checkpoints it read.
 */
export async function verifyCheckpoints(db: Db, sink: Sink, prefix: string, findings: Finding[]): Promise<number> {
  const recorded = new Map((db.prepare('SELECT key, sha256 FROM checkpoints ORDER BY id').all() as { key: string; sha256: string }[]).map((row) => [row.key, row.sha256]));
  const read = await readCheckpoints(db, sink, prefix, [...recorded.keys()], findings);
  if (!read) return 0;
  const doubts: Doubts = new Map();
  checkRecordedHashes(read.checkpoints, recorded, findings, doubts);
  checkChain(read.checkpoints, read.failed, findings, doubts);
  checkHeads(db, read.checkpoints, findings, doubts);
  return read.checkpoints.size;
}

async function readCheckpoints(
  db: Db,
  sink: Sink,
  prefix: string,
  recordedKeys: string[],
  findings: Finding[],
): Promise<{ checkpoints: Map<string, ReadCheckpoint>; failed: Set<string> } | null> {
  const inSink = new Set<string>();
  try {
    for await (const key of sink.list(checkpointPrefix(prefix))) inSink.add(key);
  } catch (error) {
    findings.push({ code: 'sink-error', message: `could not list checkpoints in ${sink.description}: ${errorMessage(error)}` });
    return null;
  }
  const checkpoints = new Map<string, ReadCheckpoint>();
  // Kept apart from the missing ones: a read that failed is a sink-error, not evidence of deletion.
  const failed = new Set<string>();
  for (const key of [...inSink].sort()) {
    try {
      const bytes = await sink.get(key);
      if (bytes) checkpoints.set(key, parseCheckpoint(key, bytes, findings));
    } catch (error) {
      failed.add(key);
      findings.push({ code: 'sink-error', key, message: `could not read checkpoint ${key}: ${errorMessage(error)}` });
    }
  }
  for (const key of recordedKeys) {
    if (inSink.has(key)) continue;
    const pending = pendingBody(db, key);
    if (pending?.body) checkpoints.set(key, parseCheckpoint(key, pending.body, findings));
    else findings.push({ code: 'checkpoint-missing', key, message: `checkpoint ${key} was written but is neither in the sink nor waiting in the outbox` });
  }
  return { checkpoints, failed };
}

function parseCheckpoint(key: string, bytes: Buffer, findings: Finding[]): ReadCheckpoint {
  const sha256 = sha256Hex(bytes);
  try {
    const body = JSON.parse(bytes.toString('utf8')) as CheckpointBody;
    if (body.schema !== CHECKPOINT_SCHEMA || !Number.isInteger(body.head_seq) || typeof body.head_hash !== 'string' || !isPreviousLink(body.previous)) throw new Error('not a checkpoint');
    return { key, sha256, body };
  } catch {
    findings.push({ code: 'checkpoint-unreadable', key, message: `${key} is not a readable ledger checkpoint` });
    return { key, sha256, body: null };
  }
}

function isPreviousLink(previous: unknown): boolean {
  if (previous === null) return true;
  const link = previous as Partial<NonNullable<CheckpointBody['previous']>> | undefined;
  return typeof link === 'object' && typeof link.key === 'string' && typeof link.sha256 === 'string' && Number.isInteger(link.head_seq);
}

function checkRecordedHashes(checkpoints: Map<string, ReadCheckpoint>, recorded: Map<string, string>, findings: Finding[], doubts: Doubts): void {
  for (const { key, sha256 } of checkpoints.values()) {
    const recordedSha256 = recorded.get(key);
    if (recordedSha256 === undefined) {
      findings.push({ code: 'checkpoint-unrecorded', key, message: `checkpoint ${key} is in the sink but the database has no record of it: the database's record was removed, or something other than evidence-bot put it there` });
    } else if (recordedSha256 !== sha256) {
      // Either side may be the one changed (the database is easier to rewrite, but a sink may lack Object Lock): name the difference, not a culprit.
      findings.push({
        code: 'checkpoint-altered',
        key,
        message: `checkpoint ${key} has SHA-256 ${sha256}, but the database recorded ${recordedSha256}: either the checkpoint or the database's record of it was changed after it was written`,
      });
      doubt(doubts, key, 'checkpoint-altered');
    }
  }
}

/** Each checkpoint names the one before it; the names must lead back, without a fork, to the first. */
function checkChain(checkpoints: Map<string, ReadCheckpoint>, failed: Set<string>, findings: Finding[], doubts: Doubts): void {
  // In the order of writing: by key, which starts with the second it was written (not by the
  // database, which may be what was rewritten, nor by a body's own time, which may be what was
  // edited), then by head, which only grows, for two written in the same second.
  const ordered = [...checkpoints.values()].sort((a, b) => writtenOrder(a).localeCompare(writtenOrder(b)) || (a.body?.head_seq ?? 0) - (b.body?.head_seq ?? 0));
  const first = ordered[0]?.key;
  const claimants = new Map<string, string[]>();
  for (const { key, body } of ordered) {
    if (!body) continue;
    const link = body.previous;
    if (link === null) {
      if (key !== first) {
        findings.push({ code: 'checkpoint-chain-restarted', key, message: `checkpoint ${key} names no checkpoint before it, but ${first} was written earlier: the chain of checkpoints starts again at ${key}` });
      }
      continue;
    }
    claimants.set(link.key, [...(claimants.get(link.key) ?? []), key]);
    const before = checkpoints.get(link.key);
    if (!before) {
      if (!failed.has(link.key)) {
        findings.push({ code: 'checkpoint-chain-broken', key: link.key, message: `checkpoint ${key} names ${link.key} as the checkpoint before it, but ${link.key} is neither in the sink nor waiting in the outbox` });
      }
    } else if (before.sha256 !== link.sha256) {
      findings.push({
        code: 'checkpoint-chain-broken',
        key: link.key,
        message: `checkpoint ${link.key} was changed after ${key} was written: its SHA-256 is ${before.sha256}, ${key} recorded ${link.sha256}`,
      });
      doubt(doubts, link.key, 'checkpoint-chain-broken');
    } else if (before.body && before.body.head_seq !== link.head_seq) {
      // The bytes match what it recorded, so the head it recorded for them is the part that changed.
      findings.push({
        code: 'checkpoint-chain-broken',
        key,
        message: `checkpoint ${key} says ${link.key} anchored ledger row ${link.head_seq}, but ${link.key} anchors row ${before.body.head_seq}: ${key} was changed after it was written`,
      });
      doubt(doubts, key, 'checkpoint-chain-broken');
    }
  }
  for (const [previousKey, keys] of claimants) {
    if (keys.length < 2) continue;
    findings.push({ code: 'checkpoint-chain-forked', key: previousKey, message: `checkpoints ${keys.join(' and ')} each name ${previousKey} as the checkpoint before them: the chain of checkpoints forks there` });
  }
}

/** The key up to the second it was written, without the random ID that follows. */
function writtenOrder(checkpoint: ReadCheckpoint): string {
  return checkpoint.key.replace(/-[a-z0-9]+\.json$/, '');
}

function checkHeads(db: Db, checkpoints: Map<string, ReadCheckpoint>, findings: Finding[], doubts: Doubts): void {
  const headSeq = (db.prepare('SELECT MAX(seq) FROM artifacts').pluck().get() as number | null) ?? 0;
  for (const { key, body } of checkpoints.values()) {
    if (!body) continue;
    // A checkpoint that is itself in doubt cannot convict the ledger alone: say both.
    const codes = doubts.get(key);
    const orCheckpoint = codes ? `, or the checkpoint itself was changed (see its ${[...codes].join(' and ')} finding${codes.size > 1 ? 's' : ''})` : '';
    const entry = entryAt(db, body.head_seq);
    if (!entry) {
      findings.push({
        code: 'checkpoint-mismatch',
        key,
        seq: body.head_seq,
        message: `checkpoint ${key} anchors ledger row ${body.head_seq}, but the ledger ends at row ${headSeq}: rows were removed after ${body.created_at}${orCheckpoint}`,
      });
    } else if (entry.entry_hash !== body.head_hash) {
      findings.push({
        code: 'checkpoint-mismatch',
        key,
        seq: body.head_seq,
        artifactId: entry.id,
        message: `checkpoint ${key} (written ${body.created_at}) anchors ledger row ${body.head_seq} at hash ${body.head_hash}, but the ledger now has ${entry.entry_hash}: the history up to that row was rewritten${orCheckpoint}`,
      });
    }
  }
}

function doubt(doubts: Doubts, key: string, code: FindingCode): void {
  doubts.set(key, (doubts.get(key) ?? new Set()).add(code));
}
