import type { Settings } from '../../config-schema.ts';
import type { Clock } from '../../clock.ts';
import { compareControls } from '../../evidence/controls.ts';
import type { Sink } from '../../evidence/sinks/types.ts';
import type { Logger } from '../../logger.ts';
import type { Db } from '../../store/db.ts';
import { observationWindow } from '../window.ts';
import { ruleFor } from './registry.ts';
import { scanLedger } from './scan.ts';
import { consultAll, NO_KEY_REASON, type ModelOpinion, type SecondReader } from './second-reader/index.ts';
import { judgePair, severity, type PairVerdict } from './verdicts.ts';

export const MAPPING_REPORT_SCHEMA = 'evidence-bot/mapping-check/v1';
/** How many artifacts of a pair the model is shown. */
const SAMPLE_SIZE = 3;

export interface CheckedPair extends PairVerdict {
  model: ModelOpinion;
}

export interface MappingReport {
  schema: typeof MAPPING_REPORT_SCHEMA;
  generatedAt: string;
  window: { from: string; to: string };
  /** Artifacts whose effective period overlaps the window, each JSON record read back. */
  artifacts: number;
  secondReader: {
    /** Null when no model was configured to be asked. */
    model: string | null;
    consulted: number;
    /** Why no pair was put to the model, when none was. */
    notConsulted: string | null;
  };
  counts: { pairs: number; supported: number; questionable: number; notSupported: number; modelAgrees: number; modelDisagrees: number; modelNotConsulted: number };
  kindsWithoutRule: string[];
  /** Each kind filed in the window: what it is and what it can evidence, from its rule (empty lists without one). */
  kinds: { kind: string; what: string | null; evidences: string[]; partly: string[] }[];
  /** Every (kind, criterion) pair filed in the window, by kind then criterion. */
  pairs: CheckedPair[];
  /** Every pair supported, and the model disagreeing with none. */
  ok: boolean;
}

export interface MappingCheckDeps {
  db: Db;
  sink: Sink;
  clock: Clock;
  logger: Logger;
  settings: Settings;
  /** The model as second reader; null without ANTHROPIC_API_KEY. */
  reader: SecondReader | null;
}

/**
 * Does the evidence support the criteria it is filed under? Deterministic rules decide, pair by
 * pair, from what each kind can evidence and from structural checks of every artifact in the
 * observation window; the model, when configured, reads a few artifacts of each pair and its
 * opinion is set beside the verdict, flagged where it disagrees.
 */
export async function checkMapping(deps: MappingCheckDeps): Promise<MappingReport> {
  const now = deps.clock.now();
  const window = observationWindow(deps.settings, now);
  const scan = await scanLedger(deps, { window, sampleSize: SAMPLE_SIZE });
  const scanned = [...scan.pairs].sort((a, b) => a.kind.localeCompare(b.kind) || compareControls(a.control, b.control));
  const verdicts = scanned.map(judgePair);
  const opinions = await consultAll(
    deps.reader,
    verdicts.map((pair, index) => ({ pair, window: { from: window.from, to: window.to }, samples: scanned[index]!.samples })),
    deps.logger,
  );
  const pairs = verdicts.map((pair, index) => ({ ...pair, model: opinions[index]! }));
  const count = (test: (pair: CheckedPair) => boolean) => pairs.filter(test).length;
  const counts = {
    pairs: pairs.length,
    supported: count((pair) => pair.verdict === 'supported'),
    questionable: count((pair) => pair.verdict === 'questionable'),
    notSupported: count((pair) => pair.verdict === 'not-supported'),
    modelAgrees: count((pair) => pair.model.consulted && pair.model.agrees),
    modelDisagrees: count((pair) => pair.model.consulted && !pair.model.agrees),
    modelNotConsulted: count((pair) => !pair.model.consulted),
  };
  const consulted = pairs.length - counts.modelNotConsulted;
  return {
    schema: MAPPING_REPORT_SCHEMA,
    generatedAt: now.toISOString(),
    window: { from: window.from, to: window.to },
    artifacts: scan.artifacts,
    secondReader: {
      model: deps.reader?.model ?? null,
      consulted,
      notConsulted: !deps.reader ? NO_KEY_REASON : pairs.length === 0 ? 'there was no pair to ask about' : null,
    },
    counts,
    kindsWithoutRule: [...new Set(pairs.filter((pair) => !ruleFor(pair.kind)).map((pair) => pair.kind))],
    kinds: [...new Set(pairs.map((pair) => pair.kind))].map(describeKind),
    pairs,
    ok: counts.supported === counts.pairs && counts.modelDisagrees === 0,
  };
}

function describeKind(kind: string): MappingReport['kinds'][number] {
  const rule = ruleFor(kind);
  const supports = Object.entries(rule?.supports ?? {}).sort(([a], [b]) => compareControls(a, b));
  return { kind, what: rule?.what ?? null, evidences: supports.filter(([, support]) => !support.partial).map(([control]) => control), partly: supports.filter(([, support]) => support.partial).map(([control]) => control) };
}

/** Needs a person: not supported, questionable, or the model disagrees. */
export function needsAttention(pair: CheckedPair): boolean {
  return pair.verdict !== 'supported' || (pair.model.consulted && !pair.model.agrees);
}

/** Not supported first, then questionable, then where the model disagrees, then the rest; each in kind and criterion order. */
export function byAttention(pairs: CheckedPair[]): CheckedPair[] {
  const rank = (pair: CheckedPair) => severity(pair.verdict) * 2 + (pair.model.consulted && !pair.model.agrees ? 1 : 0);
  return [...pairs].sort((a, b) => rank(b) - rank(a));
}
