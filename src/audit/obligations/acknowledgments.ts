import type { Settings } from '../../config-schema.ts';
import { periodRange } from '../../evidence/period.ts';
import { ACK_KIND } from '../../flows/acknowledgments/model.ts';
import { timingFor } from '../../flows/escalation.ts';
import { nextCronRun } from '../../schedule/cron.ts';
import { zonedParts, zonedToInstant } from '../../schedule/zoned-time.ts';
import type { Db } from '../../store/db.ts';
import { stmt } from '../../store/statements.ts';
import { endInstant, overlaps } from '../range.ts';
import { evidenceOfKind, toRef, type KindEvidence } from './ledger-evidence.ts';
import type { Obligation, ObligationProvider } from './types.ts';

interface InScope {
  slackId: string;
  name: string;
  /** Null when the person was listed in the config but never seen: owed from the campaign. */
  firstSeenAt: string | null;
  leftAt: string | null;
  deleted: boolean;
}

const NAMES_LISTED = 10;
const DAY_MS = 86_400_000;

/**
 * Everyone in the acknowledgment audience owes one signed acknowledgment per calendar year.
 * It falls due a grace period (the request's `escalateAfter`, 7 days by default) after the
 * later of the year's campaign and the day the bot first saw the person, so a person who
 * joined after the campaign owes it from their start. Nobody owes a year they joined after,
 * and someone who left before it fell due owes nothing; someone who left later still does.
 */
export const acknowledgmentObligations: ObligationProvider = {
  name: 'acknowledgment',
  obligations({ db, settings, range }) {
    if ((settings.policies.length === 0 && !settings.acknowledgments.training) || settings.acknowledgments.controls.length === 0) return [];
    const grace = timingFor(settings, ACK_KIND).escalateAfter;
    const years = yearsOverlapping(range);
    if (years.length === 0) return [];
    const people = audience(db, settings);
    const signed = new Map<string, KindEvidence[]>();
    for (const ack of evidenceOfKind(db, ACK_KIND, { from: `${years[0]}-01-01`, to: `${years.at(-1)}-12-31` })) {
      if (!ack.signerSlackId || !/^\d{4}$/.test(ack.period)) continue;
      const key = `${ack.period}:${ack.signerSlackId}`;
      signed.set(key, [...(signed.get(key) ?? []), ack]);
    }
    const obligations: Obligation[] = [];
    for (const year of years) {
      const period = { label: String(year), ...periodRange(String(year)) };
      const campaign = campaignOf(settings, year);
      const yearEnd = endInstant(period).getTime();
      for (const person of people) {
        const seen = person.firstSeenAt ? Date.parse(person.firstSeenAt) : Number.NEGATIVE_INFINITY;
        if (seen >= yearEnd) continue;
        const dueAt = Math.max(seen, campaign) + grace;
        // The campaign itself fills the member list, hours after its scheduled time: only a
        // first sighting days later is someone who joined after it.
        const joinedLater = seen > campaign + DAY_MS;
        // Gone before it fell due (or never seen active, so when they left is unknown): not owed.
        if (person.deleted && (!person.leftAt || Date.parse(person.leftAt) <= dueAt)) continue;
        obligations.push({
          id: `${ACK_KIND}:${year}:${person.slackId}`,
          provider: 'acknowledgment',
          kind: ACK_KIND,
          controls: settings.acknowledgments.controls,
          subject: person.slackId,
          subjectLabel: person.name,
          period,
          dueAt: new Date(dueAt).toISOString(),
          event: joinedLater ? { what: `${person.name} joined`, at: new Date(seen).toISOString() } : { what: `${year} acknowledgment campaign`, at: new Date(campaign).toISOString() },
          description: `${person.name}: ${year} policy acknowledgment`,
          gap: `${person.name}: no ${year} policy acknowledgment`,
          evidence: (signed.get(`${year}:${person.slackId}`) ?? []).map(toRef),
        });
      }
    }
    return obligations;
  },
  summarize(gaps) {
    const byYear = new Map<string, Obligation[]>();
    for (const gap of gaps) byYear.set(gap.period.label, [...(byYear.get(gap.period.label) ?? []), gap]);
    return [...byYear.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([year, missing]) => {
        const names = missing.map((gap) => gap.subjectLabel).sort((a, b) => a.localeCompare(b));
        const shown = names.slice(0, NAMES_LISTED).join(', ');
        const more = names.length > NAMES_LISTED ? ` and ${names.length - NAMES_LISTED} more` : '';
        return `${missing.length} employee${missing.length === 1 ? '' : 's'} without a ${year} policy acknowledgment: ${shown}${more}`;
      });
  },
};

function yearsOverlapping(range: { from: string; to: string }): number[] {
  const years: number[] = [];
  for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)); year += 1) {
    if (overlaps(periodRange(String(year)), range)) years.push(year);
  }
  return years;
}

/** When the year's scheduled campaign runs (ms); the year's first instant if the schedule skips that year. */
export function campaignOf(settings: Settings, year: number): number {
  const zone = settings.timezone;
  const start = zonedToInstant({ year, month: 1, day: 1, hour: 0, minute: 0 }, zone);
  const run = nextCronRun(settings.acknowledgments.schedule, new Date(start.getTime() - 60_000), zone);
  return zonedParts(run, zone).year === year ? run.getTime() : start.getTime();
}

/** The campaign's audience, as `acknowledgmentCoverage` counts it, plus people who have since left. */
function audience(db: Db, settings: Settings): InScope[] {
  const excluded = new Set(settings.acknowledgments.exclude);
  type Row = { slack_id: string; name: string; first_seen_at: string | null; refreshed_at: string; left_at: string | null; deleted: number };
  const toPerson = (row: Row): InScope => ({ slackId: row.slack_id, name: row.name, firstSeenAt: row.first_seen_at ?? row.refreshed_at, leftAt: row.left_at, deleted: row.deleted === 1 });
  if (settings.acknowledgments.audience === 'listed') {
    const known = stmt(db, 'SELECT slack_id, name, first_seen_at, refreshed_at, left_at, deleted FROM people WHERE slack_id = ?');
    return settings.acknowledgments.users
      .filter((id) => !excluded.has(id))
      .map((id) => {
        const row = known.get(id) as Row | undefined;
        return row ? toPerson(row) : { slackId: id, name: id, firstSeenAt: null, leftAt: null, deleted: false };
      });
  }
  const rows = stmt(db, 'SELECT slack_id, name, first_seen_at, refreshed_at, left_at, deleted FROM people WHERE is_bot = 0 AND is_restricted = 0 ORDER BY name, slack_id').all() as Row[];
  return rows.filter((row) => !excluded.has(row.slack_id)).map(toPerson);
}
