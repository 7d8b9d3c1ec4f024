import { describe, expect, it } from 'vitest';
import { isoWeekOf, periodRange } from '../../src/evidence/period.ts';

describe('periods', () => {
  it.each([
    ['2026-06-14', '2026-06-14', '2026-06-14'],
    ['2026-W23', '2026-06-01', '2026-06-07'],
    ['2026-W01', '2025-12-29', '2026-01-04'],
    ['2026-W53', '2026-12-28', '2027-01-03'],
    ['2026-02', '2026-02-01', '2026-02-28'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2026-Q2', '2026-04-01', '2026-06-30'],
    ['2026-Q4', '2026-10-01', '2026-12-31'],
    ['2026-H2', '2026-07-01', '2026-12-31'],
    ['2026', '2026-01-01', '2026-12-31'],
  ])('when the period is %s, then it covers %s to %s', (period, from, to) => {
    expect(periodRange(period)).toEqual({ from, to });
  });

  it.each(['2026-13', '2026-02-30', '2027-W53', '2026-Q5', 'Q2-2026', ''])('when the period is %j, then it is refused', (period) => {
    expect(() => periodRange(period)).toThrow('is not a day');
  });

  it('when a date is placed in its ISO week, then year boundaries follow ISO 8601', () => {
    expect(isoWeekOf(Date.UTC(2027, 0, 1))).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOf(Date.UTC(2026, 5, 3))).toEqual({ year: 2026, week: 23 });
  });
});
