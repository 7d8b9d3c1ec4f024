import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentObligations } from '../../src/audit/obligations/incidents.ts';
import { statusOf } from '../../src/audit/gaps.ts';
import { parseSettings } from '../../src/config.ts';
import { openDatabase } from '../../src/store/db.ts';
import { insertIncident, type IncidentRow } from '../../src/store/incidents.ts';
import { fileArtifact } from '../fixtures/year.ts';
import { tempDir } from '../helpers/temp.ts';

const settings = parseSettings('', 'test');

function incident(overrides: Partial<IncidentRow> & { id: string }): Omit<IncidentRow, 'sync_needed'> {
  return {
    source: 'pagerduty', external_id: overrides.id.toUpperCase(), number: `PD-${overrides.id}`, title: 'Checkout down', severity: 'P1', service: 'api', url: null, status: 'resolved',
    created_at: '2026-06-01T10:00:00.000Z', triggered_at: '2026-06-01T10:00:00.000Z', acknowledged_at: null, resolved_at: '2026-06-01T11:00:00.000Z', assignees: '[]',
    oncall: 'U0ENGINEE1', oncall_source: 'pagerduty-map', reported_by: null, captured_at: '2026-06-01T10:01:00.000Z', channel: null, channel_ts: null,
    resolution_request_id: `req-${overrides.id}`, postmortem_request_id: null, ...overrides,
  };
}

describe('incident obligations', () => {
  it('when incidents are resolved, open or logged in Slack, then each owes a resolution (and, once resolved, a postmortem) due after its prompt and escalation, answered only by its own request’s artifact', () => {
    const db = openDatabase(path.join(tempDir('incident-obligations'), 'evidence.db'));
    insertIncident(db, incident({ id: 'a1' }));
    insertIncident(db, incident({ id: 'b2', status: 'triggered', resolved_at: null }));
    insertIncident(db, incident({ id: 'c3', source: 'slack', number: 'INC-20260601-1', status: 'triggered', resolved_at: null }));
    insertIncident(db, incident({ id: 'd4', resolution_request_id: 'req-d4', postmortem_request_id: 'pm-d4' }));
    // Same subject as a1, filed for another request: not a1's evidence.
    fileArtifact(db, { kind: 'incident-resolution', controls: ['CC7.3', 'CC7.4'], period: '2026-06-01', subject: 'pd-a1', capturedAt: new Date('2026-06-02T10:00:00.000Z'), requestId: 'someone-elses' });
    fileArtifact(db, { kind: 'incident-resolution', controls: ['CC7.3', 'CC7.4'], period: '2026-06-01', subject: 'pd-d4', capturedAt: new Date('2026-06-02T10:00:00.000Z'), requestId: 'req-d4' });
    fileArtifact(db, { kind: 'postmortem', controls: ['CC7.4', 'CC7.5'], period: '2026-06-01', subject: 'pd-d4', capturedAt: new Date('2026-07-02T10:00:00.000Z'), requestId: 'pm-d4' });

    const obligations = incidentObligations.obligations({ db, settings, now: new Date('2026-06-05T00:00:00.000Z'), range: { from: '2026-06-01', to: '2026-06-30' } });
    const at = (when: string) => Object.fromEntries(obligations.map((o) => [o.id, statusOf(o, new Date(when))]));
    expect(obligations.map((o) => [o.id, o.dueAt, o.evidence.length])).toEqual([
      ['incident-resolution:pagerduty:A1', '2026-06-09T10:01:00.000Z', 0],
      ['postmortem:pagerduty:A1', '2026-07-08T11:00:00.000Z', 0],
      // Open in PagerDuty: asked after the week's wait, then the usual escalation time.
      ['incident-resolution:pagerduty:B2', '2026-06-15T10:01:00.000Z', 0],
      // Logged in Slack: asked a day after, resolved or not.
      ['incident-resolution:slack:C3', '2026-06-09T10:01:00.000Z', 0],
      ['incident-resolution:pagerduty:D4', '2026-06-09T10:01:00.000Z', 1],
      ['postmortem:pagerduty:D4', '2026-07-08T11:00:00.000Z', 1],
    ]);
    expect(at('2026-06-10T00:00:00.000Z')).toEqual({
      'incident-resolution:pagerduty:A1': 'missing',
      'postmortem:pagerduty:A1': 'not-due',
      'incident-resolution:pagerduty:B2': 'not-due',
      'incident-resolution:slack:C3': 'missing',
      'incident-resolution:pagerduty:D4': 'met',
      'postmortem:pagerduty:D4': 'met',
    });
    expect(obligations.find((o) => o.id === 'incident-resolution:pagerduty:B2')!.gap).toBe('incident PD-b2, open since 2026-06-01, without a signed resolution');
    expect(incidentObligations.obligations({ db, settings, now: new Date('2026-06-05T00:00:00.000Z'), range: { from: '2026-07-01', to: '2026-07-31' } })).toEqual([]);
  });
});
