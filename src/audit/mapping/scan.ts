import { sha256Hex } from '../../evidence/hash.ts';
import { rowToEntry, type LedgerEntry } from '../../evidence/ledger.ts';
import { pendingBody } from '../../evidence/outbox.ts';
import { REPORT_KINDS_JSON } from '../../evidence/report-kinds.ts';
import type { Sink } from '../../evidence/sinks/types.ts';
import type { Db } from '../../store/db.ts';
import { inOrder, readBack } from '../package/read-back.ts';
import type { SampledRange } from '../range.ts';
import { ruleFor } from './registry.ts';
import type { ArtifactFacts, KindRule } from './rule-types.ts';
import { sampleFacts, type SampleFacts } from './second-reader/samples.ts';

/** Every artifact of one kind filed under one criterion in the window, and what the structural checks found. */
export interface ScannedPair {
  kind: string;
  control: string;
  artifacts: number;
  /** Each problem found, with the IDs of the artifacts that have it, in ledger order. */
  problems: Map<string, string[]>;
  /** Artifacts with at least one problem. */
  failing: number;
  /** The latest few artifacts, for the second reader. */
  samples: SampleFacts[];
}

export interface Scan {
  artifacts: number;
  pairs: ScannedPair[];
}

const READ_CONCURRENCY = 8;

const STORE_PROBLEM = {
  missing: 'its JSON record is missing from the evidence store (see evidence verify)',
  'not-uploaded': 'its JSON record is missing from the evidence store (see evidence verify)',
  altered: 'its JSON record in the evidence store does not match the ledger (see evidence verify)',
  unreadable: 'its JSON record could not be read from the evidence store',
} as const;

type ArtifactRow = Parameters<typeof rowToEntry>[0];

/**
 * Reads back the JSON record of every artifact whose effective period overlaps the window (the
 * check's own reports aside), runs its kind's structural checks, and groups what was found by
 * (kind, criterion). Records not uploaded yet are read from the outbox, hash-checked the same way.
 */
export async function scanLedger(deps: { db: Db; sink: Sink }, input: { window: SampledRange; sampleSize: number }): Promise<Scan> {
  const rows = deps.db
    .prepare('SELECT * FROM artifacts WHERE effective_from <= ? AND effective_to >= ? AND kind NOT IN (SELECT value FROM json_each(?)) ORDER BY seq')
    .all(input.window.to, input.window.from, REPORT_KINDS_JSON) as ArtifactRow[];
  const entries = rows.map(rowToEntry);
  const pairs = new Map<string, ScannedPair>();
  const latestRecords = new Map<string, { entry: LedgerEntry; sidecar: Record<string, unknown> }[]>();
  for await (const [entry, record] of inOrder(entries, READ_CONCURRENCY, (entry) => readRecord(deps, entry))) {
    const rule = ruleFor(entry.kind);
    const found = 'problem' in record ? [record.problem] : kindProblems(rule, { entry, payload: record.sidecar.payload });
    for (const control of entry.controls) {
      const key = `${entry.kind}\u0000${control}`;
      let pair = pairs.get(key);
      if (!pair) pairs.set(key, (pair = { kind: entry.kind, control, artifacts: 0, problems: new Map(), failing: 0, samples: [] }));
      pair.artifacts += 1;
      const needs = rule?.supports[control]?.needs;
      const own = 'sidecar' in record && needs && !needs.test({ entry, payload: record.sidecar.payload }) ? [...found, needs.lacking] : found;
      for (const problem of own) {
        const ids = pair.problems.get(problem);
        if (ids) ids.push(entry.id);
        else pair.problems.set(problem, [entry.id]);
      }
      if (own.length > 0) pair.failing += 1;
      if ('sidecar' in record && input.sampleSize > 0) {
        const latest = (latestRecords.get(key) ?? []).concat({ entry, sidecar: record.sidecar });
        latestRecords.set(key, latest.length > input.sampleSize ? latest.slice(1) : latest);
      }
    }
  }
  // Cut down only the few that are shown, once every artifact has been read.
  for (const [key, pair] of pairs) pair.samples = (latestRecords.get(key) ?? []).map((record) => sampleFacts(record.entry, record.sidecar));
  return { artifacts: entries.length, pairs: [...pairs.values()] };
}

/** The checks every kind gets (a signature where one is needed, a payload), then the kind's own. */
function kindProblems(rule: KindRule | undefined, facts: ArtifactFacts): string[] {
  if (!rule) return [];
  const found: string[] = [];
  if (rule.signer === 'required' && facts.entry.signer === null) found.push('signed by nobody, though a person must sign this kind');
  if (facts.payload === null || facts.payload === undefined) found.push('no payload: nothing was signed or recorded');
  else found.push(...(rule.check?.(facts) ?? []));
  return [...new Set(found)];
}

async function readRecord(deps: { db: Db; sink: Sink }, entry: LedgerEntry): Promise<{ sidecar: Record<string, unknown> } | { problem: string }> {
  const key = entry.sidecar_key ?? entry.key;
  const sha256 = entry.sidecar_sha256 ?? entry.sha256;
  const read = await readBack(deps, { key, sha256, what: `artifact ${entry.id}` });
  let body = read.status === 'ok' ? read.body : null;
  if (read.status === 'not-uploaded') {
    const pending = pendingBody(deps.db, key)?.body ?? null;
    if (pending && sha256Hex(pending) === sha256) body = pending;
  }
  if (!body) return { problem: STORE_PROBLEM[read.status as keyof typeof STORE_PROBLEM] };
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return { sidecar: parsed as Record<string, unknown> };
  } catch {
    // Falls through to the problem below.
  }
  return { problem: 'its JSON record is not a JSON object' };
}
