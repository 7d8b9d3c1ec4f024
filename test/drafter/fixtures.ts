import type { PostmortemInput } from '../../src/drafter/types.ts';

/** A resolved PagerDuty incident with its signed resolution, as the incident flow hands it to the drafter. */
export function incidentInput(overrides: { incident?: Partial<PostmortemInput['incident']>; resolution?: Partial<PostmortemInput['resolution']> } = {}): PostmortemInput {
  return {
    incident: {
      number: '4182',
      title: 'Checkout API returning 502s',
      source: 'PagerDuty',
      severity: 'SEV2',
      service: 'checkout-api',
      url: 'https://example.pagerduty.com/incidents/Q1W2E3R4',
      triggeredAt: '2026-06-14T09:32:10Z',
      acknowledgedAt: '2026-06-14T09:36:40Z',
      resolvedAt: '2026-06-14T10:47:05Z',
      timeline: [
        { at: '2026-06-14T09:36:40Z', what: 'Acknowledged', detail: 'by Dana Reyes' },
        { at: '2026-06-14T09:32:10Z', what: 'Triggered', detail: 'p99 latency above 2 s on checkout-api' },
        { at: '2026-06-14T10:47:05Z', what: 'Resolved' },
      ],
      ...overrides.incident,
    },
    resolution: {
      narrative: 'Rolled back the 09:20 deploy of checkout-api; error rate returned to baseline by 10:40.',
      rootCause: 'A connection-pool setting in the 09:20 deploy capped database connections at 5.',
      customerImpact: 'Partial outage: about 18% of checkout attempts failed for 68 minutes.',
      detectedAt: '2026-06-14T09:34:00Z',
      resolvedAt: '2026-06-14T10:42:00Z',
      followUps: [
        { description: 'Add a pool-size check to the deploy pipeline', owner: 'U024BE7LH' },
        { description: 'Alert on connection-pool saturation', owner: null },
      ],
      signedBy: 'U024BE7LH',
      signedAt: '2026-06-14T15:02:30Z',
      ...overrides.resolution,
    },
  };
}

/** A valid submit_postmortem input, as a well-behaved model would send it. */
export function goodToolInput(): Record<string, unknown> {
  return {
    summary: 'Checkout API returned 502s for 68 minutes after a deploy capped database connections.',
    impact: 'About 18% of checkout attempts failed between 09:34 and 10:42 UTC.',
    timeline: '2026-06-14 09:32 UTC — Alert fired\n2026-06-14 09:36 UTC — Acknowledged\n2026-06-14 10:42 UTC — Resolved',
    root_cause: 'A connection-pool setting in the 09:20 deploy capped database connections at 5.',
    resolution: 'The 09:20 deploy was rolled back.',
    what_went_well: 'The alert fired within minutes and the rollback was quick.',
    what_went_wrong: 'The pool setting was not caught in review.',
    action_items: [
      { description: 'Add a pool-size check to the deploy pipeline', owner: 'U024BE7LH' },
      { description: 'Alert on connection-pool saturation', owner: null },
    ],
  };
}
