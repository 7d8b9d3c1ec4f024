import { describe, expect, it } from 'vitest';
import { templateDraft } from '../../src/drafter/template.ts';
import { incidentInput } from './fixtures.ts';

describe('template draft', () => {
  it('when the record is complete, then every section is filled from it and the owner is prompted for the rest', () => {
    expect(templateDraft(incidentInput(), 'no ANTHROPIC_API_KEY is configured')).toEqual({
      summary:
        'Incident 4182: Checkout API returning 502s. Severity: SEV2. Service: checkout-api. Source: PagerDuty. The alert fired 2026-06-14 09:32 UTC; it was acknowledged 2026-06-14 09:36 UTC; it was resolved 2026-06-14 10:42 UTC (1 h 08 min after detection). Resolution signed by U024BE7LH on 2026-06-14 15:02 UTC.',
      impact: 'Partial outage: about 18% of checkout attempts failed for 68 minutes.',
      timeline: '2026-06-14 09:32 UTC — Triggered (p99 latency above 2 s on checkout-api)\n2026-06-14 09:36 UTC — Acknowledged (by Dana Reyes)\n2026-06-14 10:47 UTC — Resolved',
      rootCause: 'A connection-pool setting in the 09:20 deploy capped database connections at 5.',
      resolution: 'Rolled back the 09:20 deploy of checkout-api; error rate returned to baseline by 10:40.',
      whatWentWell:
        'To be completed by the postmortem owner. From the record: acknowledged 5 minutes after the alert fired; resolved 1 h 08 min after detection at 2026-06-14 09:34 UTC. What helped detection, diagnosis and recovery?',
      whatWentWrong: 'To be completed by the postmortem owner. From the record: detected 2 minutes after the alert fired. What slowed detection, diagnosis or recovery, and what would have prevented it?',
      actionItems: [
        { description: 'Add a pool-size check to the deploy pipeline', owner: 'U024BE7LH' },
        { description: 'Alert on connection-pool saturation', owner: null },
      ],
      generatedBy: 'template',
      fallbackReason: 'no ANTHROPIC_API_KEY is configured',
    });
  });

  it('when the record has no times, no timeline and empty resolution fields, then the draft says what is not recorded', () => {
    const input = incidentInput({
      incident: { severity: null, service: null, triggeredAt: null, acknowledgedAt: null, resolvedAt: null, timeline: [] },
      resolution: { narrative: '', rootCause: '  ', customerImpact: '', detectedAt: null, resolvedAt: null, followUps: [] },
    });

    expect(templateDraft(input, 'reason')).toEqual({
      summary: 'Incident 4182: Checkout API returning 502s. Severity: not recorded. Service: not recorded. Source: PagerDuty. The record has no alert, acknowledgement or resolution times. Resolution signed by U024BE7LH on 2026-06-14 15:02 UTC.',
      impact: 'Not recorded in the signed resolution.',
      timeline: 'No timeline entries in the incident record.',
      rootCause: 'Not recorded in the signed resolution.',
      resolution: 'The signed resolution has no narrative.',
      whatWentWell: 'To be completed by the postmortem owner. What helped detection, diagnosis and recovery?',
      whatWentWrong: 'To be completed by the postmortem owner. What slowed detection, diagnosis or recovery, and what would have prevented it?',
      actionItems: [],
      generatedBy: 'template',
      fallbackReason: 'reason',
    });
  });

  it('when the alerting tool gave no timeline, then the record\'s own times make one', () => {
    const draft = templateDraft(incidentInput({ incident: { timeline: [] } }), 'reason');

    expect(draft.timeline).toBe('2026-06-14 09:32 UTC — Alert fired\n2026-06-14 09:34 UTC — Detected (per the on-call)\n2026-06-14 09:36 UTC — Acknowledged\n2026-06-14 10:42 UTC — Resolved');
  });

  it('when the on-call detected it before the alert fired, then what went wrong says so', () => {
    const draft = templateDraft(incidentInput({ resolution: { detectedAt: '2026-06-14T09:20:00Z' } }), 'reason');

    expect(draft.whatWentWrong).toBe(
      'To be completed by the postmortem owner. From the record: the on-call detected it 12 minutes before the alert fired. What slowed detection, diagnosis or recovery, and what would have prevented it?',
    );
  });

  it('when the timeline is longer than a field holds, then it keeps whole lines and says how many it left out', () => {
    const detail = 'x'.repeat(40);
    const timeline = Array.from({ length: 100 }, (_, i) => ({ at: new Date(Date.UTC(2026, 5, 14, 9, 0, i)).toISOString(), what: `Step ${i + 1}`, detail }));

    const text = templateDraft(incidentInput({ incident: { timeline } }), 'reason').timeline;

    const lines = text.split('\n');
    const kept = lines.length - 1;
    expect(text.length).toBeLessThanOrEqual(2_900);
    expect(kept).toBe(38);
    expect(lines.slice(0, kept)).toEqual(Array.from({ length: kept }, (_, i) => `2026-06-14 09:00 UTC — Step ${i + 1} (${detail})`));
    expect(lines[kept]).toBe('… 62 more entries in the incident record.');
  });

  it('when an entry has an unreadable time or several lines, then it is kept as given, on one line, after the dated ones', () => {
    const draft = templateDraft(incidentInput({ incident: { timeline: [{ at: 'yesterday', what: 'Customer\nreport' }, { at: '2026-06-14T09:32:10Z', what: 'Triggered' }] } }), 'reason');

    expect(draft.timeline).toBe('2026-06-14 09:32 UTC — Triggered\nyesterday — Customer report');
  });

  it('when there are more than ten follow-ups, then ten become action items and the resolution counts the rest', () => {
    const followUps = Array.from({ length: 13 }, (_, i) => ({ description: `Follow-up ${i + 1}`, owner: null }));

    const draft = templateDraft(incidentInput({ resolution: { followUps } }), 'reason');

    expect(draft.actionItems).toEqual(followUps.slice(0, 10));
    expect(draft.resolution).toBe('Rolled back the 09:20 deploy of checkout-api; error rate returned to baseline by 10:40.\n\n3 further follow-ups are listed in the signed resolution.');
  });
});
