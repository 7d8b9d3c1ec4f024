import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findGaps } from '../../src/audit/gaps.ts';
import { parseSampledRange } from '../../src/audit/range.ts';
import { sampleEvidence } from '../../src/audit/sample.ts';
import { parseSettings } from '../../src/config.ts';
import { openDatabase, type Db } from '../../src/store/db.ts';
import { upsertPerson } from '../../src/store/people.ts';
import { DEFAULT_YEAR, fileArtifact, fixturePerson, generateYear, type FiledRow } from '../fixtures/year.ts';
import { tempDir } from '../helpers/temp.ts';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const SYSTEMS = Array.from({ length: 10 }, (_, s) => s);

function yaml(window: string): string {
  const systems = SYSTEMS.map((s) => {
    const extra = s === 8 ? ', since: 2026-04-10' : s === 9 ? ', cadence: semiannual' : '';
    return `  - { id: system-${s}, name: System ${s}, reviewers: [U0REVIEWR1]${extra} }`;
  });
  return `
policies:
  - { id: infosec, name: Information Security Policy, version: "2026.1", url: "https://intranet.example.com/infosec" }
acknowledgments:
  exclude: [U0EXCLUDED]
systems:
${systems.join('\n')}
${window}
`;
}

/**
 * The year, with gaps planted where an auditor would look and edge cases that must not be
 * reported: a system added in April (no Q1 review owed), a half-yearly system answered by
 * quarterly reviews, the fourth quarter not over yet (no Q4 review anywhere), people who joined
 * after the campaign (one signed, one did not, one joined two days ago), people who left before
 * and after the acknowledgment fell due, a guest, a bot and an excluded person.
 */
const PLANTED = {
  reviews: [
    { system: 6, quarter: 1 },
    { system: 3, quarter: 2 },
  ],
  unacknowledged: 3,
  incidents: [
    { incident: 7, evidence: 'resolution' as const },
    { incident: 20, evidence: 'postmortem' as const },
  ],
  checklists: [
    { type: 'onboarding' as const, index: 11 },
    { type: 'offboarding' as const, index: 30 },
  ],
};

interface Year {
  db: Db;
  filed: FiledRow[];
}

function person(db: Db, id: string, name: string, at: string, flags: { deleted?: boolean; isBot?: boolean; isRestricted?: boolean } = {}): void {
  upsertPerson(db, { id, name, email: null, tz: 'UTC', isBot: flags.isBot ?? false, deleted: flags.deleted ?? false, isRestricted: flags.isRestricted ?? false }, new Date(at));
}

function buildYear(): Year {
  const db = openDatabase(path.join(tempDir('year'), 'evidence.db'));
  const skipReviews = [...PLANTED.reviews, { system: 8, quarter: 1 }, ...SYSTEMS.map((system) => ({ system, quarter: 4 }))];
  const { filed } = generateYear(db, { ...DEFAULT_YEAR, unacknowledged: PLANTED.unacknowledged, skipReviews, skipIncidentEvidence: PLANTED.incidents, skipChecklists: PLANTED.checklists });
  person(db, 'U0LATESIGN', 'Late Signer', '2026-03-10T10:00:00.000Z');
  filed.push(
    fileArtifact(db, {
      kind: 'acknowledgment',
      controls: ['CC1.4', 'CC2.2'],
      period: '2026',
      subject: 'late-signer',
      capturedAt: new Date('2026-03-12T10:00:00.000Z'),
      signer: { name: 'Late Signer', email: null, slackId: 'U0LATESIGN', timeZone: 'UTC' },
    }),
  );
  person(db, 'U0LATENOPE', 'Late Unsigned', '2026-03-10T10:00:00.000Z');
  person(db, 'U0RECENT01', 'Recent Hire', '2026-11-18T10:00:00.000Z');
  person(db, 'U0LEFTEARL', 'Left Early', '2026-01-01T10:00:00.000Z');
  person(db, 'U0LEFTEARL', 'Left Early', '2026-01-18T10:00:00.000Z', { deleted: true });
  person(db, 'U0LEFTLATE', 'Left Late', '2026-01-01T10:00:00.000Z');
  person(db, 'U0LEFTLATE', 'Left Late', '2026-06-01T10:00:00.000Z', { deleted: true });
  person(db, 'U0GUEST001', 'Guest User', '2026-01-01T10:00:00.000Z', { isRestricted: true });
  person(db, 'U0BOT00001', 'Some Bot', '2026-01-01T10:00:00.000Z', { isBot: true });
  person(db, 'U0EXCLUDED', 'Excluded Contractor', '2026-01-01T10:00:00.000Z');
  return { db, filed };
}

/** A small seeded generator (mulberry32): a failing draw reproduces from the seed in the message. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const day = (offset: number) => new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);

describe('a year of evidence: 500 people, 10 systems, 40 incidents', () => {
  let year: Year;
  beforeAll(() => {
    year = buildYear();
  });

  it('when random weeks, days and ranges are sampled, then each control gets exactly the artifacts whose effective period overlaps them', () => {
    const settings = parseSettings(yaml(''), 'test');
    const seed = 20_260_614;
    const random = seeded(seed);
    const inputs: string[] = [];
    for (let draw = 0; draw < 40; draw += 1) {
      const form = draw % 3;
      if (form === 0) inputs.push(`2026-W${String(1 + Math.floor(random() * 53)).padStart(2, '0')}`);
      else if (form === 1) inputs.push(day(Math.floor(random() * 365)));
      else {
        const start = Math.floor(random() * 340);
        inputs.push(`${day(start)}..${day(start + Math.floor(random() * 40))}`);
      }
    }
    for (const input of inputs) {
      const range = parseSampledRange(input);
      const report = sampleEvidence({ db: year.db, settings, now: NOW }, range);
      // Computed independently of SQL, from what the fixture says it filed.
      const expected = settings.controls.map((control) => ({
        control,
        ids: year.filed
          .filter((row) => row.controls.includes(control) && row.effectiveFrom <= range.to && row.effectiveTo >= range.from)
          .map((row) => row.id)
          .sort(),
      }));
      const actual = report.controls.map((entry) => ({ control: entry.control, ids: entry.artifacts.map((artifact) => artifact.id).sort() }));
      expect(actual, `sample ${input} (seed ${seed})`).toEqual(expected);
      expect(report.withoutEvidence, `sample ${input} (seed ${seed})`).toEqual(expected.filter((entry) => entry.ids.length === 0).map((entry) => entry.control));
      expect(report.artifactCount).toBe(new Set(expected.flatMap((entry) => entry.ids)).size);
    }
    const one = sampleEvidence({ db: year.db, settings, now: NOW }, parseSampledRange('2026-W23'), 'CC6.1');
    expect(one.controls.map((entry) => [entry.control, entry.artifacts.length])).toEqual([['CC6.1', 18]]); // Q2 review and account list of each system but system-3
    expect(() => sampleEvidence({ db: year.db, settings, now: NOW }, parseSampledRange('2026-W23'), 'CC9.1')).toThrow('CC9.1 is not in scope for this audit. In scope: CC1.4, CC2.2, CC6.1, CC6.2, CC6.3, CC7.3, CC7.4, CC7.5.');
  });

  it('when gaps are listed for 2026, then every planted gap is found and nothing else: not the system added in April, not the unfinished quarter, not the recent hire or who left early', () => {
    const settings = parseSettings(yaml('audit:\n  window: { from: 2026-01-01 }'), 'test');
    const report = findGaps({ db: year.db, settings, now: NOW });
    expect(report.window).toEqual({ label: '2026-01-01..2026-11-20', from: '2026-01-01', to: '2026-11-20' });
    expect(report.gaps.map((gap) => gap.id)).toEqual([
      'acknowledgment:2026:U000000000',
      'acknowledgment:2026:U000000001',
      'acknowledgment:2026:U000000002',
      'acknowledgment:2026:U0LEFTLATE',
      'incident-resolution:pagerduty:P1007',
      'onboarding-checklist:onboarding-011',
      'acknowledgment:2026:U0LATENOPE',
      'access-review:system-6:2026-Q1',
      'postmortem:pagerduty:P1007',
      'access-review:system-3:2026-Q2',
      'offboarding-checklist:offboarding-030',
      'postmortem:pagerduty:P1020',
    ]);
    expect(report.lines).toEqual([
      'System 6: no access review for 2026-Q1',
      'System 3: no access review for 2026-Q2',
      `5 employees without a 2026 policy acknowledgment: Late Unsigned, Left Late, ${fixturePerson(0).name}, ${fixturePerson(1).name}, ${fixturePerson(2).name}`,
      'incident PD-1007 resolved without a signed resolution',
      'incident PD-1007: no signed postmortem',
      'incident PD-1020: no signed postmortem',
      '1 hire without a completed onboarding checklist: Hire 11 (2026-03-08)',
      '1 termination without a completed offboarding checklist: Leaver 30 (2026-08-05)',
    ]);
    // 37 reviews owed (8 systems × 4 quarters, system-8 from Q2, system-9 by half), 504 acknowledgments,
    // a resolution and a postmortem for each of the 36 incidents resolved by November 20, and a
    // checklist for each of the 54 hires and 45 terminations by then.
    expect(report.counts).toEqual({ obligations: 712, met: 690, metLate: 349, missing: 12, notDue: 10 });
    // The generated year signs many after the due date: each is listed, none is a gap.
    expect(report.late.find((obligation) => obligation.id === 'acknowledgment:2026:U000000007')).toMatchObject({ status: 'met', late: true, dueAt: '2026-01-22T09:00:00.000Z', evidence: [{ capturedAt: '2026-01-22T15:27:00.000Z' }] });
    expect(report.late.every((obligation) => obligation.status === 'met' && Date.parse(obligation.evidence[0]!.capturedAt) > Date.parse(obligation.dueAt))).toBe(true);
    const leftLate = report.gaps.find((gap) => gap.subject === 'U0LEFTLATE')!;
    expect(leftLate).toMatchObject({ dueAt: '2026-01-22T09:00:00.000Z', event: { what: '2026 acknowledgment campaign', at: '2026-01-15T09:00:00.000Z' }, gap: 'Left Late: no 2026 policy acknowledgment', controls: ['CC1.4', 'CC2.2'] });
    const lateJoiner = report.gaps.find((gap) => gap.subject === 'U0LATENOPE')!;
    expect(lateJoiner).toMatchObject({ dueAt: '2026-03-17T10:00:00.000Z', event: { what: 'Late Unsigned joined', at: '2026-03-10T10:00:00.000Z' } });
  });

  it('when one control is asked about, then only its obligations count', () => {
    const settings = parseSettings(yaml('audit:\n  window: { from: 2026-01-01 }'), 'test');
    const report = findGaps({ db: year.db, settings, now: NOW, control: 'CC6.2' });
    expect(report.gaps.map((gap) => gap.id)).toEqual(['onboarding-checklist:onboarding-011', 'access-review:system-6:2026-Q1', 'access-review:system-3:2026-Q2', 'offboarding-checklist:offboarding-030']);
    // 37 reviews, 54 onboarding and 45 offboarding checklists touch CC6.2.
    expect(report.counts).toEqual({ obligations: 136, met: 123, metLate: 24, missing: 4, notDue: 9 });
  });

  it('when the window is the default twelve months, then it starts the day after a year ago and the last quarter of 2025 is owed too', () => {
    const settings = parseSettings(yaml(''), 'test');
    const report = findGaps({ db: year.db, settings, now: NOW });
    expect(report.window).toEqual({ label: '2025-11-21..2026-11-20', from: '2025-11-21', to: '2026-11-20' });
    const reviews = report.gaps.filter((gap) => gap.provider === 'access-review').map((gap) => gap.id);
    // system-8 came into scope in April 2026; system-9 owes 2025-H2. Nobody was seen before 2026, so no 2025 acknowledgment is owed.
    expect(reviews).toEqual([
      'access-review:system-0:2025-Q4',
      'access-review:system-1:2025-Q4',
      'access-review:system-2:2025-Q4',
      'access-review:system-3:2025-Q4',
      'access-review:system-4:2025-Q4',
      'access-review:system-5:2025-Q4',
      'access-review:system-6:2025-Q4',
      'access-review:system-7:2025-Q4',
      'access-review:system-9:2025-H2',
      'access-review:system-6:2026-Q1',
      'access-review:system-3:2026-Q2',
    ]);
    expect(report.gaps.filter((gap) => gap.provider === 'acknowledgment')).toHaveLength(5);
  });

  it('when the window ended before now, then obligations due after its end are not gaps', () => {
    const settings = parseSettings(yaml('audit:\n  window: { from: 2026-01-01, to: 2026-06-30 }'), 'test');
    const report = findGaps({ db: year.db, settings, now: NOW });
    expect(report.cutoff).toBe('2026-07-01T00:00:00.000Z');
    // Q2 is due at the window's end, so it counts; Q3 overlaps no part of the window.
    expect(report.gaps.filter((gap) => gap.provider === 'access-review').map((gap) => gap.id)).toEqual(['access-review:system-6:2026-Q1', 'access-review:system-3:2026-Q2']);
    // 20 incidents resolved by June 30, each owing a resolution and a postmortem; 31 hires and 26 terminations.
    expect(report.counts.obligations).toBe(8 * 2 + 1 + 1 + 504 + 20 * 2 + 31 + 26);
  });
});
