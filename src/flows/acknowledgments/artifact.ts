import type { Settings } from '../../config-schema.ts';
import { hashCell, type HistoryEntry, type Signer } from '../../evidence/pdf/model.ts';
import type { ArtifactSpec } from '../../evidence/spec.ts';
import type { RequestRow } from '../../store/requests.ts';
import { formatUtc } from '../../time-format.ts';
import { payloadOf } from './model.ts';

export interface SignedAcknowledgment {
  request_id: string;
  kind: 'acknowledgment';
  period: string;
  signer_slack_id: string;
  submitted_at: string;
  view_id: string;
  policies: { id: string; name: string; version: string; url: string; sha256?: string; acknowledged: true }[];
  training: { name: string; version: string; url: string; completed: true } | null;
  statement: string;
}

export function statementFor(response: Pick<SignedAcknowledgment, 'policies' | 'training'>): string {
  const parts: string[] = [];
  if (response.policies.length > 0) parts.push(`I have read, understood and agree to comply with ${response.policies.map((policy) => `${policy.name} (version ${policy.version})`).join(', ')}.`);
  if (response.training) parts.push(`I completed ${response.training.name} (${response.training.version}).`);
  return parts.join(' ');
}

/** The evidence of one person's acknowledgment: what they accepted, the statement, signer, history. */
export function acknowledgmentArtifact(input: {
  request: RequestRow;
  response: SignedAcknowledgment;
  signer: Signer;
  artifactId: string;
  history: HistoryEntry[];
  settings: Settings;
}): ArtifactSpec {
  const { request, response, signer, settings } = input;
  const payload = payloadOf(request);
  return {
    sourceKey: `request:${request.id}`,
    id: input.artifactId,
    kind: 'acknowledgment',
    controls: settings.acknowledgments.controls,
    period: payload.period,
    capturedAt: response.submitted_at,
    subject: request.subject,
    subjectLabel: signer.name,
    title: `${request.title}: ${signer.name}`,
    requestId: request.id,
    signer,
    sections: [
      {
        heading: 'Policies acknowledged',
        blocks: [
          response.policies.length > 0
            ? {
                type: 'table',
                columns: [
                  { header: 'Policy', width: 3 },
                  { header: 'Version', width: 1.2 },
                  { header: 'Document', width: 3.5 },
                  { header: 'Answer', width: 1.3 },
                ],
                rows: response.policies.map((policy) => [policy.name, policy.version, policy.sha256 ? `${policy.url}\nSHA-256 of the document:\n${hashCell(policy.sha256)}` : policy.url, 'Acknowledged']),
              }
            : { type: 'paragraph', text: 'No policy was part of this request.' },
        ],
      },
      ...(response.training
        ? [
            {
              heading: 'Security training',
              blocks: [{ type: 'fields' as const, rows: [['Training', response.training.name], ['Version', response.training.version], ['Material', response.training.url], ['Answer', 'Completed']] as [string, string][] }],
            },
          ]
        : []),
      { heading: 'Statement signed', blocks: [{ type: 'paragraph', text: response.statement }] },
      {
        heading: 'Request',
        blocks: [
          {
            type: 'fields',
            rows: [
              ['Request ID', request.id],
              ['Reason', payload.reason],
              ['Asked', formatUtc(request.asked_at ?? request.created_at)],
              ['Reminders', String(request.reminders)],
            ],
          },
        ],
      },
    ],
    history: input.history,
    payload: response,
    format: 'pdf',
  };
}
