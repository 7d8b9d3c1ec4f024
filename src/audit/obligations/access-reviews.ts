import type { Cadence } from '../../config-schema.ts';
import { periodRange, type DateRange } from '../../evidence/period.ts';
import { REVIEW_KIND } from '../../flows/access-review/model.ts';
import { endInstant, overlaps, startInstant } from '../range.ts';
import { evidenceOfKind, toRef } from './ledger-evidence.ts';
import type { Obligation, ObligationProvider } from './types.ts';

const CADENCE_WORD: Record<Cadence, string> = { monthly: 'monthly', quarterly: 'quarterly', semiannual: 'half-yearly', annual: 'annual' };

/** Every period of a cadence (2026-05, 2026-Q2, 2026-H1, 2026) that overlaps the range. */
export function cadencePeriods(cadence: Cadence, range: DateRange): ({ label: string } & DateRange)[] {
  const labels: string[] = [];
  for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year += 1) {
    if (cadence === 'monthly') for (let m = 1; m <= 12; m += 1) labels.push(`${year}-${String(m).padStart(2, '0')}`);
    if (cadence === 'quarterly') for (let q = 1; q <= 4; q += 1) labels.push(`${year}-Q${q}`);
    if (cadence === 'semiannual') labels.push(`${year}-H1`, `${year}-H2`);
    if (cadence === 'annual') labels.push(String(year));
  }
  return labels.map((label) => ({ label, ...periodRange(label) })).filter((period) => overlaps(period, range));
}

/**
 * Each configured system owes one signed access review per period of its cadence, from the
 * period in which it came into scope (`since`). A review is due by the end of its period; a
 * review filed for the period (or for a shorter period inside it) answers it. Review parts
 * signed by single managers do not: the review counts once every part is signed.
 */
export const accessReviewObligations: ObligationProvider = {
  name: 'access-review',
  obligations({ db, settings, range }) {
    if (settings.systems.length === 0) return [];
    const periodsBySystem = settings.systems.map((system) => ({
      system,
      periods: cadencePeriods(system.cadence, range).filter((period) => !system.since || period.to >= system.since),
    }));
    const widest = periodsBySystem.flatMap((entry) => entry.periods);
    if (widest.length === 0) return [];
    const lookup = { from: widest.reduce((min, p) => (p.from < min ? p.from : min), widest[0]!.from), to: widest.reduce((max, p) => (p.to > max ? p.to : max), widest[0]!.to) };
    const reviews = evidenceOfKind(db, REVIEW_KIND, lookup);
    const obligations: Obligation[] = [];
    for (const { system, periods } of periodsBySystem) {
      const ofSystem = reviews.filter((review) => review.subject === system.id);
      for (const period of periods) {
        const answering = ofSystem.filter((review) => review.effectiveFrom >= period.from && review.effectiveTo <= period.to);
        obligations.push({
          id: `${REVIEW_KIND}:${system.id}:${period.label}`,
          provider: 'access-review',
          kind: REVIEW_KIND,
          controls: system.controls,
          subject: system.id,
          subjectLabel: system.name,
          period,
          dueAt: endInstant(period).toISOString(),
          event: system.since && system.since > period.from
            ? { what: `${system.name} came into scope (${CADENCE_WORD[system.cadence]} reviews)`, at: `${system.since}T00:00:00.000Z` }
            : { what: `${CADENCE_WORD[system.cadence]} access review period ${period.label} began`, at: startInstant(period).toISOString() },
          description: `${system.name} access review for ${period.label}`,
          gap: `${system.name}: no access review for ${period.label}`,
          evidence: answering.map(toRef),
        });
      }
    }
    return obligations;
  },
};
