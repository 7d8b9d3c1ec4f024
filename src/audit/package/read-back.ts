import { errorMessage } from '../../errors.ts';
import { sha256Hex } from '../../evidence/hash.ts';
import { pendingBody } from '../../evidence/outbox.ts';
import type { Sink } from '../../evidence/sinks/types.ts';
import type { Db } from '../../store/db.ts';

/** ok: the bytes hash to what was recorded. altered: they do not. missing / not-uploaded / unreadable: no bytes. */
export type ReadStatus = 'ok' | 'altered' | 'missing' | 'not-uploaded' | 'unreadable';

export interface WantedObject {
  key: string;
  /** The SHA-256 recorded when the object was filed (ledger row, or checkpoints table). */
  sha256: string;
  what: string;
}

export interface ReadBack {
  body: Buffer | null;
  actualSha256: string | null;
  status: ReadStatus;
  /** Set unless the status is ok: a sentence naming the object and what is wrong. */
  problem: string | null;
}

/**
 * Reads an object back from the evidence store, never from the outbox's copy, and compares its
 * SHA-256 with the one recorded when it was filed.
 */
export async function readBack(deps: { db: Db; sink: Sink }, wanted: WantedObject): Promise<ReadBack> {
  let body: Buffer | null;
  try {
    body = await deps.sink.get(wanted.key);
  } catch (error) {
    return { body: null, actualSha256: null, status: 'unreadable', problem: `UNREADABLE: ${wanted.what}: ${wanted.key} could not be read from ${deps.sink.description}: ${errorMessage(error)}` };
  }
  if (body === null) {
    if (pendingBody(deps.db, wanted.key)) {
      return { body: null, actualSha256: null, status: 'not-uploaded', problem: `NOT IN THE STORE YET: ${wanted.what}: ${wanted.key} is still waiting in the outbox; package again once the bot has uploaded it` };
    }
    return { body: null, actualSha256: null, status: 'missing', problem: `MISSING: ${wanted.what}: ${wanted.key} is not in ${deps.sink.description}` };
  }
  const actual = sha256Hex(body);
  if (actual !== wanted.sha256) {
    return { body, actualSha256: actual, status: 'altered', problem: `ALTERED: ${wanted.what}: ${wanted.key} as stored has SHA-256 ${actual}, but ${wanted.sha256} was recorded when it was filed` };
  }
  return { body, actualSha256: actual, status: 'ok', problem: null };
}

/**
 * Runs `fn` over the items with up to `limit` in flight, yielding results in the items' order,
 * so a slow store is read in parallel while the archive is still written in order.
 */
export async function* inOrder<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<[T, R]> {
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const launch = (): void => {
    if (next < items.length) inFlight.push(fn(items[next++]!));
  };
  for (let i = 0; i < limit; i += 1) launch();
  for (let index = 0; index < items.length; index += 1) {
    const result = await inFlight.shift()!;
    launch();
    yield [items[index]!, result];
  }
}
