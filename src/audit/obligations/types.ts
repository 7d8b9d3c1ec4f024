import type { Settings } from '../../config-schema.ts';
import type { DateRange } from '../../evidence/period.ts';
import type { Db } from '../../store/db.ts';

/** An artifact in the ledger that answers an obligation. */
export interface EvidenceRef {
  id: string;
  kind: string;
  period: string;
  capturedAt: string;
  /** The signer's name, or null for a record nobody signed. */
  signer: string | null;
  key: string;
}

/**
 * Something that needed evidence: a system's access review for a quarter, a person's policy
 * acknowledgment for a year, an incident's resolution, a hire's onboarding checklist. Gap
 * detection and the auditor's package both list these, each beside the evidence that answers it.
 */
export interface Obligation {
  /** Stable from run to run: provider, subject and period, e.g. "access-review:github:2026-Q2". */
  id: string;
  /** The provider that owes it (its `name`); gaps are summarized per provider. */
  provider: string;
  /** The artifact kind that answers it, e.g. "access-review". */
  kind: string;
  controls: string[];
  /** The system, person or incident it is about, as its flow names it (system ID, Slack ID, incident ID). */
  subject: string;
  subjectLabel: string;
  /** What the evidence must cover: a period label (2026-Q2, 2026, 2026-06-14) and its inclusive UTC dates. */
  period: { label: string } & DateRange;
  /** ISO instant after which no evidence is a gap. */
  dueAt: string;
  /** What made it owed: a review period starting, a campaign, a hire, an incident resolved. */
  event: { what: string; at: string };
  /** One line for a person: "GitHub access review for 2026-Q2". */
  description: string;
  /** How the gap reads when nothing answers it: "GitHub: no access review for 2026-Q2". */
  gap: string;
  /** The artifacts that answer it, oldest first; empty when none does. */
  evidence: EvidenceRef[];
}

export interface ObligationQuery {
  db: Db;
  settings: Settings;
  now: Date;
  /** Obligations whose period overlaps this range, inclusive UTC dates. */
  range: DateRange;
}

/**
 * One per flow that creates obligations. `obligations` is read-only and synchronous (it runs in
 * `/evidence status`, inside a slash command's ack): a few indexed queries, no Slack, no sink.
 */
export interface ObligationProvider {
  readonly name: string;
  /** Every obligation whose period overlaps `query.range`, each with the artifacts that answer it. */
  obligations(query: ObligationQuery): Obligation[];
  /**
   * Optional: lines that sum up several gaps of this provider ("3 employees without a 2026
   * policy acknowledgment: …"). Without it, each gap is its own line (`gap`).
   */
  summarize?(gaps: Obligation[]): string[];
}
