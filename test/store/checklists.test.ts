import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { checklistsDue, getChecklist, getStep, insertChecklist, insertWaitingStep, lifecycleEventsBetween, recordHrEvent, updateChecklist, updateStep, type ChecklistRow } from '../../src/store/checklists.ts';

function checklist(id: string, fields: Partial<ChecklistRow>): ChecklistRow {
  return {
    id,
    type: 'offboarding',
    email: `${id}@example.com`,
    name: id,
    department: null,
    hr_id: null,
    person_slack_id: null,
    manager_email: null,
    manager_slack_id: null,
    event_at: '2026-07-06T13:00:00.000Z',
    effective_date: '2026-07-06',
    state: 'open',
    started_at: '2026-07-06T13:00:00.000Z',
    started_by: 'test',
    accounts: '{}',
    discovery: null,
    discovered_at: null,
    verify_at: null,
    next_lookup_at: null,
    channel: null,
    message_ts: null,
    message_dirty: 0,
    message_synced_at: null,
    completed_at: null,
    artifact_id: null,
    ...fields,
  };
}

describe('checklist store', () => {
  it('when hires and terminations are listed for a period, then those whose event falls in [from, to) come back in order, with state and PDF', () => {
    const db = openDatabase(':memory:');
    insertChecklist(db, checklist('before', { event_at: '2026-06-30T23:59:59.000Z' }));
    insertChecklist(db, checklist('first', { type: 'onboarding', event_at: '2026-07-01T09:00:00.000Z', state: 'completed', completed_at: '2026-07-10T10:00:00.000Z', artifact_id: 'abcdefghjkmn' }));
    insertChecklist(db, checklist('second', { event_at: '2026-07-31T23:00:00.000Z', state: 'cancelled' }));
    insertChecklist(db, checklist('after', { event_at: '2026-08-01T00:00:00.000Z' }));
    expect(lifecycleEventsBetween(db, '2026-07-01', '2026-08-01')).toEqual([
      { checklistId: 'first', type: 'onboarding', email: 'first@example.com', name: 'first', eventAt: '2026-07-01T09:00:00.000Z', effectiveDate: '2026-07-06', state: 'completed', completedAt: '2026-07-10T10:00:00.000Z', artifactId: 'abcdefghjkmn' },
      { checklistId: 'second', type: 'offboarding', email: 'second@example.com', name: 'second', eventAt: '2026-07-31T23:00:00.000Z', effectiveDate: '2026-07-06', state: 'cancelled', completedAt: null, artifactId: null },
    ]);
  });

  it('when a person has an open checklist of a type, then a second open one for the same email is refused by the database', () => {
    const db = openDatabase(':memory:');
    insertChecklist(db, checklist('one', { email: 'lena@example.com' }));
    expect(() => insertChecklist(db, checklist('two', { email: 'Lena@Example.com' }))).toThrow('UNIQUE constraint failed');
    insertChecklist(db, checklist('three', { email: 'lena@example.com', type: 'onboarding' }));
  });

  it('when a checklist or step timer past the year 9999 is written, then it is kept as 9999-12-31T23:59:59.999Z and is never due; an old "+…" timer is never due either', () => {
    const db = openDatabase(':memory:');
    const farFuture = '+010000-01-01T14:00:00.000Z';
    insertChecklist(db, checklist('far', { verify_at: farFuture }));
    insertChecklist(db, checklist('moved', { type: 'onboarding' }));
    updateChecklist(db, 'moved', { next_lookup_at: farFuture });
    insertWaitingStep(db, { checklist_id: 'far', step_key: 'access-github', position: 1, kind: 'access-removal', title: 'Remove', owner: 'it', system: 'github', assignee: null, request_id: null, due_at: farFuture, controls: '[]', needs: [] });
    insertWaitingStep(db, { checklist_id: 'far', step_key: 'attest', position: 2, kind: 'attestation', title: 'Attest', owner: 'manager', system: null, assignee: null, request_id: null, due_at: '2026-07-07T13:00:00.000Z', controls: '[]', needs: [] });
    updateStep(db, 'far', 'attest', { due_at: farFuture });
    expect(getChecklist(db, 'far')?.verify_at).toBe('9999-12-31T23:59:59.999Z');
    expect(getChecklist(db, 'moved')?.next_lookup_at).toBe('9999-12-31T23:59:59.999Z');
    expect([getStep(db, 'far', 'access-github')?.due_at, getStep(db, 'far', 'attest')?.due_at]).toEqual(['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z']);
    db.prepare("INSERT INTO checklists (id, type, email, name, event_at, effective_date, state, started_at, started_by, accounts, verify_at) VALUES ('old', 'offboarding', 'old@example.com', 'old', '2026-07-06T13:00:00.000Z', '2026-07-06', 'open', '2026-07-06T13:00:00.000Z', 'test', '{}', ?)").run(farFuture);
    expect(checklistsDue(db, 'verify_at', '2026-07-06T13:00:00.000Z')).toEqual([]);
    expect(checklistsDue(db, 'next_lookup_at', '2026-07-06T13:00:00.000Z')).toEqual([]);
  });

  it('when the same HR event is recorded twice, then the second is refused', () => {
    const db = openDatabase(':memory:');
    const event = { source: 'hr', eventId: 'e-1', type: 'terminated', email: 'lena@example.com', outcome: 'offboarding-started', checklistId: null };
    expect(recordHrEvent(db, event, '2026-07-06T13:00:00.000Z')).toBe(true);
    expect(recordHrEvent(db, { ...event, outcome: 'already-open' }, '2026-07-06T14:00:00.000Z')).toBe(false);
    expect(recordHrEvent(db, { ...event, source: 'gusto' }, '2026-07-06T14:00:00.000Z')).toBe(true);
  });
});
