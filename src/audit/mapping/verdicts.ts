import { criterionText } from './criteria.ts';
import { ruleFor } from './registry.ts';
import type { Verdict } from './rule-types.ts';
import type { ScannedPair } from './scan.ts';

export interface PairVerdict {
  kind: string;
  control: string;
  /** What the criterion asks (./criteria.ts). */
  criterion: string;
  /** What this kind of artifact is, from its rule; null when no rule knows the kind. */
  what: string | null;
  artifacts: number;
  /** Artifacts with at least one structural problem. */
  failing: number;
  verdict: Verdict;
  /** Why: the mapping's reason first, then each structural problem with how many artifacts have it. */
  reasons: string[];
}

const SEVERITY: Record<Verdict, number> = { supported: 0, questionable: 1, 'not-supported': 2 };
const IDS_SHOWN = 3;

/** The deterministic verdict for one (kind, criterion) pair: the rule's mapping, made no better than its artifacts' structure allows. */
export function judgePair(pair: ScannedPair): PairVerdict {
  const rule = ruleFor(pair.kind);
  const base = { kind: pair.kind, control: pair.control, criterion: criterionText(pair.control), what: rule?.what ?? null, artifacts: pair.artifacts, failing: pair.failing };
  const mapping = mappingOf(pair);
  const structural = [...pair.problems].map(([problem, ids]) => `${capitalised(problem)}: ${ids.length} of ${pair.artifacts} artifact(s) (${ids.slice(0, IDS_SHOWN).join(', ')}${ids.length > IDS_SHOWN ? `, and ${ids.length - IDS_SHOWN} more` : ''}).`);
  const verdict = structural.length > 0 ? worse(mapping.verdict, 'questionable') : mapping.verdict;
  return { ...base, verdict, reasons: [...mapping.reasons, ...structural] };
}

function mappingOf(pair: ScannedPair): { verdict: Verdict; reasons: string[] } {
  const rule = ruleFor(pair.kind);
  if (!rule) return { verdict: 'questionable', reasons: [`evidence-bot has no rule for the kind "${pair.kind}": a person must judge whether it evidences ${pair.control}.`] };
  const support = rule.supports[pair.control];
  if (support) return { verdict: support.partial ? 'questionable' : 'supported', reasons: [support.reason] };
  const family = pair.control.split('.')[0]!;
  const evidences = Object.keys(rule.supports).filter((control) => !rule.supports[control]!.partial);
  return {
    verdict: 'not-supported',
    reasons: [rule.notFor[pair.control] ?? rule.notFor[family] ?? rule.otherwise, `Artifacts of the kind ${pair.kind} evidence ${joined(evidences)}. ${rule.configuredBy ? `The criteria it is filed under come from ${rule.configuredBy} in the config.` : 'Check the criteria its flow files it under in the config.'}`],
  };
}

export function worse(a: Verdict, b: Verdict): Verdict {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export function severity(verdict: Verdict): number {
  return SEVERITY[verdict];
}

function joined(items: string[]): string {
  if (items.length <= 1) return items[0] ?? 'no criterion on its own';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
