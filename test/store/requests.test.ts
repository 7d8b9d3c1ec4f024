import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { claimDue, getRequest, insertRequest, reassignRequest, updateRequest, type NewRequest } from '../../src/store/requests.ts';

const NOW = new Date('2026-07-06T13:00:00.000Z');
const LEASE = 5 * 60_000;

function request(id: string, fields: Partial<NewRequest> = {}): NewRequest {
  return { id, kind: 'check', subject: 'item', title: id, controls: ['CC1.4'], assignee: 'U0ENGINEE1', dedupeKey: `check:${id}`, payload: {}, dueAt: '2026-07-13T13:00:00.000Z', ...fields };
}

describe('request timers', () => {
  it('when a timer past the year 9999 is written, then it is kept as 9999-12-31T23:59:59.999Z and the request is never due', () => {
    const db = openDatabase(':memory:');
    // What Date#toISOString writes for a step due 9999-12-31 plus a day.
    const farFuture = new Date(Date.UTC(10000, 0, 1, 14)).toISOString();
    expect(farFuture).toBe('+010000-01-01T14:00:00.000Z');
    insertRequest(db, request('far', { askAt: farFuture, dueAt: farFuture }), NOW);
    insertRequest(db, request('updated'), NOW);
    updateRequest(db, 'updated', { next_action_at: farFuture });
    insertRequest(db, request('reassigned'), NOW);
    reassignRequest(db, 'reassigned', 'U0ENGINEE2', NOW, new Date(farFuture), 'to Dana');
    for (const id of ['far', 'updated', 'reassigned']) expect(getRequest(db, id)?.next_action_at).toBe('9999-12-31T23:59:59.999Z');
    expect(getRequest(db, 'far')?.due_at).toBe('9999-12-31T23:59:59.999Z');
    expect(claimDue(db, NOW, LEASE, 10)).toEqual([]);
  });

  it('when a timer before the year 0 or with an offset is written, then it is stored in UTC with a four-digit year and is due as it should be', () => {
    const db = openDatabase(':memory:');
    insertRequest(db, request('ancient'), NOW);
    updateRequest(db, 'ancient', { next_action_at: new Date(Date.UTC(-1, 0, 1)).toISOString(), due_at: '2026-07-06T15:00:00+02:00' });
    expect(getRequest(db, 'ancient')).toMatchObject({ next_action_at: '0000-01-01T00:00:00.000Z', due_at: '2026-07-06T13:00:00.000Z' });
    expect(claimDue(db, NOW, LEASE, 10).map((row) => row.id)).toEqual(['ancient']);
  });

  it('when a timer is not a time at all, then the write is refused with the column named and nothing changes', () => {
    const db = openDatabase(':memory:');
    insertRequest(db, request('one'), NOW);
    expect(() => updateRequest(db, 'one', { next_action_at: 'next week', title: 'changed' })).toThrow('next_action_at must be an ISO-8601 time, not "next week"');
    expect(getRequest(db, 'one')).toMatchObject({ next_action_at: '2026-07-06T13:00:00.000Z', title: 'one' });
  });

  it('when a row still holds a "+…" timer from before timers were clamped, then it is never claimed and keeps its timer', () => {
    const db = openDatabase(':memory:');
    insertRequest(db, request('old'), NOW);
    db.prepare('UPDATE requests SET next_action_at = ? WHERE id = ?').run('+010000-01-01T14:00:00.000Z', 'old');
    expect(claimDue(db, NOW, LEASE, 10)).toEqual([]);
    expect(getRequest(db, 'old')?.next_action_at).toBe('+010000-01-01T14:00:00.000Z');
  });

  it('when a due request is in the skip set, then it is not claimed and its timer is left as it is; the others are leased', () => {
    const db = openDatabase(':memory:');
    insertRequest(db, request('a'), NOW);
    insertRequest(db, request('b'), NOW);
    expect(claimDue(db, NOW, LEASE, 10, new Set(['a'])).map((row) => row.id)).toEqual(['b']);
    expect(getRequest(db, 'a')?.next_action_at).toBe('2026-07-06T13:00:00.000Z');
    expect(getRequest(db, 'b')?.next_action_at).toBe('2026-07-06T13:05:00.000Z');
  });
});
