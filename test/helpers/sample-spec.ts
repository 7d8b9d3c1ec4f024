import type { ArtifactSpec } from '../../src/evidence/spec.ts';
import { newId } from '../../src/ids.ts';

/** A valid acknowledgment spec; override what a test is about. */
export function sampleSpec(overrides: Partial<ArtifactSpec> = {}): ArtifactSpec {
  const id = overrides.id ?? newId();
  return {
    sourceKey: `request:${id}`,
    id,
    kind: 'acknowledgment',
    controls: ['CC1.4', 'CC2.2'],
    period: '2026',
    capturedAt: '2026-07-03T14:02:11.000Z',
    subject: 'jane-doe',
    subjectLabel: 'Jane Doe',
    title: 'Policy acknowledgment: Information Security Policy v3',
    requestId: `req-${id}`,
    signer: { name: 'Jane Doe', email: 'jane@example.com', slackId: 'U012ABCDEF', timeZone: 'America/New_York' },
    sections: [{ heading: 'Policy', blocks: [{ type: 'fields', rows: [['Policy', 'Information Security Policy'], ['Version', '3']] }] }],
    history: [
      { at: '2026-07-01T09:00:00.000Z', what: 'asked', detail: 'DM sent' },
      { at: '2026-07-03T14:02:11.000Z', what: 'answered' },
    ],
    payload: { acknowledged: true, policy: 'infosec', version: '3' },
    format: 'pdf',
    ...overrides,
  };
}
