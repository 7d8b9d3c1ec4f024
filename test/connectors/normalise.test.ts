import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/connectors/export-accounts.ts';
import { latestInstant, mapLimit, normaliseEmail, normaliseRoles } from '../../src/connectors/normalise.ts';

describe('normalising what sources give', () => {
  it('when roles repeat, carry spaces or are empty, then they come out trimmed, unique and sorted', () => {
    expect(normaliseRoles([' member', 'Admin', 'member', '', 'admin '])).toEqual(['Admin', 'admin', 'member']);
  });

  it('when an email has capitals or spaces, or is blank, then it is lower-cased, or null', () => {
    expect(normaliseEmail(' Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(normaliseEmail('  ')).toBe(null);
    expect(normaliseEmail(undefined)).toBe(null);
  });

  it('when two instants are compared, then the later one wins and a missing one never does', () => {
    expect(latestInstant('2026-07-01T00:00:00.000Z', '2026-06-30T23:59:59.000Z')).toBe('2026-07-01T00:00:00.000Z');
    expect(latestInstant(null, '2026-06-30T23:59:59.000Z')).toBe('2026-06-30T23:59:59.000Z');
    expect(latestInstant(null, null)).toBe(null);
  });

  it('when work runs under a limit, then results keep the input order and no more than the limit run at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimit([30, 10, 20, 5, 15], 2, async (ms) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 40, 10, 30]);
    expect(most).toBe(2);
  });

  it('when one piece of work fails, then no further work is started', async () => {
    const started: number[] = [];
    const run = mapLimit([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('denied');
      return n;
    });
    await expect(run).rejects.toThrow('denied');
    expect(started).toEqual([1, 2]);
  });
});

describe('instants in exports', () => {
  it.each([
    ['2026-06-30', '2026-06-30T00:00:00.000Z'],
    ['2026-06-30T14:02:11Z', '2026-06-30T14:02:11.000Z'],
    ['2026-06-30 14:02Z', '2026-06-30T14:02:00.000Z'],
    ['2026-06-30T14:02:11.123456+05:30', '2026-06-30T08:32:11.123Z'],
    ['2026-06-30T14:02:11-0700', '2026-06-30T21:02:11.000Z'],
    ['2024-02-29T00:00:00z', '2024-02-29T00:00:00.000Z'],
  ])('when the text is %s, then the instant is %s', (text, instant) => {
    expect(parseInstant(text)).toBe(instant);
  });

  it.each(['30/06/2026', '2026-02-30', '2025-02-29', '2026-13-01', '2026-06-30T24:00:00Z', '2026-06-30T14:02:11', '2026-06-30T14:02:11+25:00', 'yesterday', '1719756131'])(
    'when the text is %s, then it is not taken as an instant',
    (text) => {
      expect(parseInstant(text)).toBe(undefined);
    },
  );
});
