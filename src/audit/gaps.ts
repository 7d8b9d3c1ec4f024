import type { Settings } from '../config-schema.ts';
import { DomainError } from '../errors.ts';
import type { Db } from '../store/db.ts';
import { obligationProviders } from './obligations/registry.ts';
import type { Obligation, ObligationProvider } from './obligations/types.ts';
import type { SampledRange } from './range.ts';
import { observationWindow, windowCutoff } from './window.ts';

/** met: evidence answers it. missing: due and unanswered (a gap). not-due: unanswered, but not due yet (or due after the window). */
export type ObligationStatus = 'met' | 'missing' | 'not-due';

export interface EvaluatedObligation extends Obligation {
  status: ObligationStatus;
  /** Met, but its first evidence was captured after it was due: an exception the auditor will ask about. */
  late: boolean;
}

export interface GapReport {
  generatedAt: string;
  window: SampledRange;
  /** Obligations due by this instant count: the window's end, or now if it has not ended. */
  cutoff: string;
  /** When set, only obligations touching this control. */
  control: string | null;
  /** metLate: of the met, those whose evidence came after the due date. */
  counts: { obligations: number; met: number; metLate: number; missing: number; notDue: number };
  /** The gaps, one per missing obligation, soonest due first. */
  gaps: EvaluatedObligation[];
  /** Obligations met after they were due, soonest due first. */
  late: EvaluatedObligation[];
  /** The gaps for a person to read: a provider's summary lines, or one line per gap. */
  lines: string[];
}

export function statusOf(obligation: Obligation, cutoff: Date): ObligationStatus {
  if (obligation.evidence.length > 0) return 'met';
  return Date.parse(obligation.dueAt) <= cutoff.getTime() ? 'missing' : 'not-due';
}

/** Whether the first evidence of a met obligation was captured after its due date. */
export function metLate(obligation: Obligation): boolean {
  const first = obligation.evidence.reduce<string | null>((earliest, evidence) => (earliest === null || evidence.capturedAt < earliest ? evidence.capturedAt : earliest), null);
  return first !== null && Date.parse(first) > Date.parse(obligation.dueAt);
}

/** Every obligation over `range`, each with its status at `cutoff`. */
export function evaluateObligations(input: { db: Db; settings: Settings; now: Date; range: SampledRange; cutoff: Date; control?: string; providers?: ObligationProvider[] }): { provider: ObligationProvider; obligations: EvaluatedObligation[] }[] {
  const providers = input.providers ?? obligationProviders(input.settings);
  return providers.map((provider) => ({
    provider,
    obligations: provider
      .obligations({ db: input.db, settings: input.settings, now: input.now, range: input.range })
      .filter((obligation) => !input.control || obligation.controls.includes(input.control))
      .map((obligation) => ({ ...obligation, status: statusOf(obligation, input.cutoff), late: metLate(obligation) }))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id)),
  }));
}

/**
 * Every gap in the observation window: each obligation (per the providers registered in
 * obligations/registry.ts) that was due by the window's end, or by now, and has no evidence.
 */
export function findGaps(input: { db: Db; settings: Settings; now: Date; control?: string; providers?: ObligationProvider[] }): GapReport {
  const window = observationWindow(input.settings, input.now);
  const cutoff = windowCutoff(window, input.now);
  const evaluated = evaluateObligations({ ...input, range: window, cutoff });
  const all = evaluated.flatMap((entry) => entry.obligations);
  const bySoonestDue = (a: EvaluatedObligation, b: EvaluatedObligation) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);
  const gaps = all.filter((obligation) => obligation.status === 'missing').sort(bySoonestDue);
  const late = all.filter((obligation) => obligation.late).sort(bySoonestDue);
  const lines = evaluated.flatMap(({ provider, obligations }) => {
    const missing = obligations.filter((obligation) => obligation.status === 'missing');
    if (missing.length === 0) return [];
    return provider.summarize ? provider.summarize(missing) : missing.map((obligation) => obligation.gap);
  });
  return {
    generatedAt: input.now.toISOString(),
    window,
    cutoff: cutoff.toISOString(),
    control: input.control ?? null,
    counts: {
      obligations: all.length,
      met: all.filter((obligation) => obligation.status === 'met').length,
      metLate: late.length,
      missing: gaps.length,
      notDue: all.filter((obligation) => obligation.status === 'not-due').length,
    },
    gaps,
    late,
    lines,
  };
}

/** What `/evidence status` and App Home show of the gaps: counts and the first lines. */
export interface GapSummary {
  window: { from: string; to: string } | null;
  counts: GapReport['counts'];
  lines: string[];
  /** Why gaps could not be computed (a window that starts in the future), else null. */
  problem: string | null;
}

export function gapSummary(input: { db: Db; settings: Settings; now: Date; control?: string }): GapSummary {
  try {
    const report = findGaps(input);
    return { window: { from: report.window.from, to: report.window.to }, counts: report.counts, lines: report.lines, problem: null };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { window: null, counts: { obligations: 0, met: 0, metLate: 0, missing: 0, notDue: 0 }, lines: [], problem: error.message };
  }
}
