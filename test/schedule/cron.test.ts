import { describe, expect, it } from 'vitest';
import { nextCronRun } from '../../src/schedule/cron.ts';
import { nextWorkingTime } from '../../src/schedule/working-hours.ts';

describe('cron next run', () => {
  it.each([
    ['5 0 * * *', '2026-07-03T14:00:00Z', 'UTC', '2026-07-04T00:05:00.000Z'],
    ['0 9 15 1 *', '2026-07-03T14:00:00Z', 'America/New_York', '2027-01-15T14:00:00.000Z'],
    ['0 9 1 1,4,7,10 *', '2026-07-01T12:59:00Z', 'America/New_York', '2026-07-01T13:00:00.000Z'],
    ['0 9 1 1,4,7,10 *', '2026-07-01T13:00:00Z', 'America/New_York', '2026-10-01T13:00:00.000Z'],
    ['0 9 L * *', '2026-02-01T00:00:00Z', 'UTC', '2026-02-28T09:00:00.000Z'],
    ['0 9 * * 1', '2026-07-03T14:00:00Z', 'Europe/Paris', '2026-07-06T07:00:00.000Z'],
    // 02:30 does not exist on the spring-forward night: the next real minute is used.
    ['30 2 * * *', '2026-03-08T00:00:00Z', 'America/New_York', '2026-03-08T07:30:00.000Z'],
    // 01:30 happens twice on the fall-back night: the first one wins.
    ['30 1 * * *', '2026-11-01T00:00:00Z', 'America/New_York', '2026-11-01T05:30:00.000Z'],
  ])('when %s is scheduled after %s in %s, then it next runs at %s', (expression, after, zone, expected) => {
    expect(nextCronRun(expression, new Date(after), zone).toISOString()).toBe(expected);
  });

  it('when day-of-month and day-of-week are both restricted, then either one matches, as in cron', () => {
    // The 13th, or any Friday: after Wednesday 2026-07-08 the Friday 10th comes first.
    expect(nextCronRun('0 0 13 * 5', new Date('2026-07-08T00:00:00Z'), 'UTC').toISOString()).toBe('2026-07-10T00:00:00.000Z');
  });
});

describe('working hours', () => {
  const hours = { enabled: true, start: '09:00', end: '18:00', days: ['mon', 'tue', 'wed', 'thu', 'fri'] };

  it('when a reminder falls at 3 a.m. the recipient’s time, then it waits for 9 a.m. their time', () => {
    // 2026-07-07 07:00 UTC is 03:00 in New York (Tuesday).
    expect(nextWorkingTime(new Date('2026-07-07T07:00:00Z'), 'America/New_York', hours).toISOString()).toBe('2026-07-07T13:00:00.000Z');
  });

  it('when it falls inside the window, then it goes now', () => {
    expect(nextWorkingTime(new Date('2026-07-07T15:00:00Z'), 'America/New_York', hours).toISOString()).toBe('2026-07-07T15:00:00.000Z');
  });

  it('when it falls on Saturday, then it waits for Monday morning in the recipient’s zone', () => {
    expect(nextWorkingTime(new Date('2026-07-11T10:00:00Z'), 'Asia/Tokyo', hours).toISOString()).toBe('2026-07-13T00:00:00.000Z');
  });

  it('when working hours are off, then nothing moves', () => {
    expect(nextWorkingTime(new Date('2026-07-11T03:00:00Z'), 'UTC', { ...hours, enabled: false }).toISOString()).toBe('2026-07-11T03:00:00.000Z');
  });
});
