import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checklistObligations } from '../../src/audit/obligations/checklists.ts';
import { statusOf } from '../../src/audit/gaps.ts';
import { parseSettings } from '../../src/config.ts';
import { insertChecklist, type ChecklistRow } from '../../src/store/checklists.ts';
import { openDatabase } from '../../src/store/db.ts';
import { fileArtifact } from '../fixtures/year.ts';
import { tempDir } from '../helpers/temp.ts';

function checklist(overrides: Partial<ChecklistRow> & { id: string; type: ChecklistRow['type'] }): ChecklistRow {
  return {
    email: `${overrides.id}@example.com`, name: `Person ${overrides.id}`, department: null, hr_id: null, person_slack_id: null, manager_email: null, manager_slack_id: null,
    event_at: '2026-04-01T22:00:00.000Z', effective_date: '2026-04-01', state: 'open', started_at: '2026-04-01T22:00:00.000Z', started_by: 'hr', accounts: '{}', discovery: null,
    discovered_at: null, verify_at: null, next_lookup_at: null, channel: null, message_ts: null, message_dirty: 0, message_synced_at: null, completed_at: null, artifact_id: null, ...overrides,
  };
}

describe('checklist obligations', () => {
  it('when hires and terminations are open, completed or cancelled, then each one not cancelled owes its checklist, met only by its own PDF', () => {
    const db = openDatabase(path.join(tempDir('checklist-obligations'), 'evidence.db'));
    const settings = parseSettings('', 'test');
    const pdf = fileArtifact(db, { kind: 'offboarding-checklist', controls: ['CC6.2', 'CC6.3'], period: '2026-04-01', subject: 'person-done', capturedAt: new Date('2026-04-03T01:00:00.000Z') });
    insertChecklist(db, checklist({ id: 'done', type: 'offboarding', state: 'completed', artifact_id: pdf.id, completed_at: '2026-04-03T01:00:00.000Z' }));
    insertChecklist(db, checklist({ id: 'late', type: 'offboarding' }));
    insertChecklist(db, checklist({ id: 'hire', type: 'onboarding', event_at: '2026-04-06T13:00:00.000Z', effective_date: '2026-04-06' }));
    insertChecklist(db, checklist({ id: 'gone', type: 'onboarding', state: 'cancelled' }));

    const obligations = checklistObligations.obligations({ db, settings, now: new Date('2026-04-10T00:00:00.000Z'), range: { from: '2026-04-01', to: '2026-04-30' } });
    expect(obligations.map((o) => [o.id, o.dueAt, statusOf(o, new Date('2026-04-10T00:00:00.000Z')), o.controls])).toEqual([
      ['offboarding-checklist:done', '2026-04-02T22:00:00.000Z', 'met', ['CC6.2', 'CC6.3']],
      // Offboarding steps escalate after 24 h; the checklist is owed a day after its last step is due.
      ['offboarding-checklist:late', '2026-04-02T22:00:00.000Z', 'missing', ['CC6.2', 'CC6.3']],
      ['onboarding-checklist:hire', '2026-04-13T13:00:00.000Z', 'not-due', ['CC1.4', 'CC6.2']],
    ]);
    expect(obligations[1]!.gap).toBe('Person late: terminated 2026-04-01 without a completed offboarding checklist');
    // Readers print the event's date beside what happened: the effective date only where it differs.
    insertChecklist(db, checklist({ id: 'notice', type: 'offboarding', event_at: '2026-04-03T10:00:00.000Z', effective_date: '2026-04-20' }));
    const events = checklistObligations.obligations({ db, settings, now: new Date('2026-04-10T00:00:00.000Z'), range: { from: '2026-04-01', to: '2026-04-30' } }).map((o) => [o.event.what, o.event.at.slice(0, 10)]);
    expect(events).toEqual([
      ['Person done terminated', '2026-04-01'],
      ['Person late terminated', '2026-04-01'],
      ['Person notice terminated, effective 2026-04-20', '2026-04-03'],
      ['Person hire hired', '2026-04-06'],
    ]);
    expect(checklistObligations.summarize!([obligations[1]!])).toEqual(['1 termination without a completed offboarding checklist: Person late (2026-04-01)']);
  });
});
