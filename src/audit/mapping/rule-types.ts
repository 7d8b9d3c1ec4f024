import type { LedgerEntry } from '../../evidence/ledger.ts';

/** supported: an auditor would accept it. questionable: a person should look. not-supported: it is not evidence for the criterion. */
export type Verdict = 'supported' | 'questionable' | 'not-supported';

/** One filed artifact as the structural checks see it: its ledger row and what its JSON record says. */
export interface ArtifactFacts {
  entry: LedgerEntry;
  /** What was signed or recorded (the sidecar's `payload`). */
  payload: unknown;
}

export interface Support {
  /** Why an auditor would accept this kind as evidence of the criterion, in one line. */
  reason: string;
  /** Relevant, but not enough on its own: the pair is questionable even when every artifact is sound. */
  partial?: true;
  /** A fact each artifact must show to count for this criterion (a training for CC1.4); `lacking` says what is missing. */
  needs?: { test: (facts: ArtifactFacts) => boolean; lacking: string };
}

/**
 * What one kind of artifact can evidence, and what makes one of them sound. Registered in
 * ./registry.ts; a kind without a rule is reported as questionable, never guessed.
 */
export interface KindRule {
  kind: string;
  /** What the artifact is, in one line: printed in the report and given to the model. */
  what: string;
  /** required: a person signs it. none: the bot records it. optional: either happens. */
  signer: 'required' | 'none' | 'optional';
  /** The criteria it evidences, each with the reason. */
  supports: Record<string, Support>;
  /**
   * Why it is not evidence for criteria it is easily misfiled under, by criterion (CC6.1) or
   * family (CC6); `otherwise` for any other criterion.
   */
  notFor: Record<string, string>;
  otherwise: string;
  /** The config field that decides the criteria this kind is filed under, for the fix. */
  configuredBy?: string;
  /**
   * The structural problems of one artifact, as short sentences that never quote the artifact
   * (they are grouped across artifacts, and go to the model as our text).
   */
  check?: (facts: ArtifactFacts) => string[];
}

type Fields = Record<string, unknown>;

/** The value as an object with fields, or null. */
export function fieldsOf(value: unknown): Fields | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : null;
}

/** A field holding text with something in it. */
export function hasText(fields: Fields | null, name: string): boolean {
  const value = fields?.[name];
  return typeof value === 'string' && value.trim() !== '';
}

export function isInstant(fields: Fields | null, name: string): boolean {
  const value = fields?.[name];
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** The sentences whose condition held: `problems(!ok && 'no root cause', …)`. */
export function problems(...found: (string | false)[]): string[] {
  return found.filter((item): item is string => typeof item === 'string');
}
