import type { SystemConfig } from '../../config-schema.ts';
import type { Account } from '../../connectors/types.ts';
import type { HistoryEntry, Section, Signer } from '../../evidence/pdf/model.ts';
import type { ArtifactSpec } from '../../evidence/spec.ts';
import { formatUtc } from '../../time-format.ts';
import type { SnapshotDiff } from './diff.ts';
import type { Flag } from './flags.ts';
import { accountLabel } from './model.ts';

export interface SignedReviewPart {
  review_id: string;
  request_id: string;
  system: string;
  period: string;
  snapshot_id: string;
  /** The frozen list as filed: the artifact an auditor opens. */
  snapshot_artifact_id: string;
  snapshot_sha256: string;
  previous_snapshot_sha256: string | null;
  accounts: number;
  decisions: { account_id: string; decision: 'keep' | 'revoke' }[];
  revoked: string[];
  comment: string;
  attestation: string;
  attested: true;
  signer_slack_id: string;
  submitted_at: string;
}

export interface SnapshotFacts {
  id: string;
  artifactId: string;
  sha256: string;
  takenAt: string;
  source: string;
  accounts: Account[];
}

/** The frozen account list as a JSON artifact: what every reviewer of this period was shown. */
export function snapshotArtifact(input: { system: SystemConfig; period: string; snapshot: SnapshotFacts; purpose: 'review' | 'verification'; canonical: string }): ArtifactSpec {
  const { system, snapshot } = input;
  return {
    sourceKey: `snapshot:${snapshot.id}`,
    id: snapshot.artifactId,
    kind: 'access-snapshot',
    controls: system.controls,
    period: input.period,
    capturedAt: snapshot.takenAt,
    subject: system.id,
    subjectLabel: system.name,
    title: `Account list: ${system.name}, ${snapshot.takenAt.slice(0, 10)}${input.purpose === 'verification' ? ' (revocation check)' : ''}`,
    signer: null,
    sections: [
      {
        heading: 'Snapshot',
        blocks: [
          {
            type: 'fields',
            rows: [
              ['System', `${system.name} (${system.id})`],
              ['Source', snapshot.source],
              ['Taken', formatUtc(snapshot.takenAt)],
              ['Purpose', input.purpose === 'review' ? `baseline of the ${input.period} access review` : 'confirming revoked accounts are gone'],
              ['Accounts', String(snapshot.accounts.length)],
              ['SHA-256 of the accounts (canonical JSON)', snapshot.sha256],
            ],
          },
        ],
      },
    ],
    history: [],
    payload: { system: system.id, source: snapshot.source, taken_at: snapshot.takenAt, sha256: snapshot.sha256, accounts_canonical_json: input.canonical },
    format: 'json',
  };
}

function decisionRows(accounts: Account[], decisions: Map<string, 'keep' | 'revoke'>, flags: Map<string, Flag[]>): string[][] {
  return accounts.map((account) => [
    accountLabel(account),
    account.displayName,
    account.roles.join(', '),
    account.status,
    account.lastLogin ? account.lastLogin.slice(0, 10) : '—',
    (flags.get(account.id) ?? []).map((flag) => flag.text).join('; '),
    decisions.get(account.id) === 'revoke' ? 'REVOKE' : 'keep',
  ]);
}

const DECISION_COLUMNS = [
  { header: 'Account', width: 3.4 },
  { header: 'Name', width: 1.9 },
  { header: 'Roles', width: 2.1 },
  { header: 'Status', width: 1 },
  { header: 'Last login', width: 1.4 },
  { header: 'Flags', width: 2.2 },
  { header: 'Decision', width: 1.3 },
];

function changesSection(diff: SnapshotDiff, previousTakenAt: string | null): Section {
  if (!diff.hasPrevious) return { heading: 'Changes since the last review', blocks: [{ type: 'paragraph', text: 'First review of this system: there was no earlier list to compare with.' }] };
  const rows = [
    ...diff.added.map((account) => ['added', accountLabel(account), '', account.roles.join(', ')]),
    ...diff.removed.map((account) => ['removed', accountLabel(account), account.roles.join(', '), '']),
    ...diff.roleChanged.map((change) => ['roles changed', accountLabel(change.account), change.before.join(', '), change.after.join(', ')]),
  ];
  return {
    heading: 'Changes since the last review',
    blocks: [
      { type: 'paragraph', text: `Compared with the list of ${previousTakenAt ? formatUtc(previousTakenAt) : 'the previous review'}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.roleChanged.length} with changed roles, ${diff.unchanged} unchanged.` },
      { type: 'table', columns: [{ header: 'Change', width: 1.3 }, { header: 'Account', width: 3 }, { header: 'Before', width: 3 }, { header: 'After', width: 3 }], rows },
    ],
  };
}

export interface ReviewArtifactInput {
  artifactId: string;
  kind: 'access-review' | 'access-review-part';
  system: SystemConfig;
  period: string;
  snapshot: SnapshotFacts;
  previous: { sha256: string; takenAt: string } | null;
  diff: SnapshotDiff;
  flags: Map<string, Flag[]>;
  /** The accounts this artifact covers: all of them for the review, the part's for a part. */
  accounts: Account[];
  parts: { request: { id: string; assignee: string }; response: SignedReviewPart; signerName: string; history: HistoryEntry[] }[];
  signer: Signer | null;
  capturedAt: string;
  sourceKey: string;
}

/** The signed review: snapshot summary, changes, every decision with its flags, the attestation. */
export function reviewArtifact(input: ReviewArtifactInput): ArtifactSpec {
  const { system, snapshot } = input;
  const decisions = new Map<string, 'keep' | 'revoke'>();
  for (const part of input.parts) for (const decision of part.response.decisions) decisions.set(decision.account_id, decision.decision);
  const revoked = input.accounts.filter((account) => decisions.get(account.id) === 'revoke');
  const flagged = input.accounts.filter((account) => (input.flags.get(account.id) ?? []).length > 0);
  const single = input.parts.length === 1 ? input.parts[0]! : null;
  const sections: Section[] = [
    {
      heading: 'Review',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['System', `${system.name} (${system.id})`],
            ['Period reviewed', input.period],
            ['Account source', snapshot.source],
            ['List taken', `${formatUtc(snapshot.takenAt)}, frozen when the review started`],
            ['List SHA-256', snapshot.sha256],
            ['List artifact', snapshot.artifactId],
            ['Previous list', input.previous ? `${formatUtc(input.previous.takenAt)}, SHA-256 ${input.previous.sha256}` : 'none (first review)'],
            ['Accounts', `${input.accounts.length} reviewed: ${input.accounts.length - revoked.length} kept, ${revoked.length} revoked, ${flagged.length} flagged`],
            ['Reviewer(s)', input.parts.map((part) => `${part.signerName} (${part.request.assignee})`).join(', ')],
          ],
        },
      ],
    },
    changesSection(input.diff, input.previous?.takenAt ?? null),
    {
      heading: 'Flagged accounts',
      blocks: [
        flagged.length === 0
          ? { type: 'paragraph', text: 'No account was flagged (terminated by HR, administrative roles, no login in 90 days, external domain, suspended or invited).' }
          : { type: 'table', columns: [{ header: 'Account', width: 3 }, { header: 'Flags', width: 5 }, { header: 'Decision', width: 1.2 }], rows: flagged.map((account) => [accountLabel(account), (input.flags.get(account.id) ?? []).map((flag) => flag.text).join('; '), decisions.get(account.id) === 'revoke' ? 'REVOKE' : 'keep']) },
      ],
    },
    { heading: 'Decisions on every account', blocks: [{ type: 'table', columns: DECISION_COLUMNS, rows: decisionRows(input.accounts, decisions, input.flags) }] },
    {
      heading: 'Revocations requested',
      blocks: [revoked.length === 0 ? { type: 'paragraph', text: 'None.' } : { type: 'list', items: revoked.map((account) => `${accountLabel(account)}: ${account.roles.join(', ') || 'no roles'}. A follow-up request went to the system owner.`) }],
    },
    {
      heading: 'Attestation',
      blocks: input.parts.map((part) => ({
        type: 'paragraph' as const,
        text: `${part.signerName}, ${formatUtc(part.response.submitted_at)}, for ${part.response.accounts} account(s): "${part.response.attestation}"${part.response.comment ? `\nComment: ${part.response.comment}` : ''}`,
      })),
    },
  ];
  if (!single) {
    sections.push({
      heading: 'Signatures',
      blocks: [{ type: 'table', columns: [{ header: 'Reviewer', width: 3 }, { header: 'Slack ID', width: 2 }, { header: 'Accounts', width: 1 }, { header: 'Signed (UTC)', width: 2.5 }, { header: 'Request', width: 2 }], rows: input.parts.map((part) => [part.signerName, part.request.assignee, String(part.response.accounts), formatUtc(part.response.submitted_at), part.request.id]) }],
    });
  }
  const history = single ? single.history : input.parts.flatMap((part) => part.history.map((entry) => ({ ...entry, detail: `${part.signerName}: ${entry.detail ?? entry.what}` }))).sort((a, b) => a.at.localeCompare(b.at));
  return {
    sourceKey: input.sourceKey,
    id: input.artifactId,
    kind: input.kind,
    controls: system.controls,
    period: input.period,
    capturedAt: input.capturedAt,
    subject: system.id,
    subjectLabel: system.name,
    title: `${input.kind === 'access-review' ? 'Access review' : 'Access review (part)'}: ${system.name}, ${input.period}`,
    requestId: single?.request.id,
    signer: input.signer,
    sections,
    history,
    payload: single ? single.response : { review_id: input.parts[0]?.response.review_id, parts: input.parts.map((part) => part.response) },
    format: 'pdf',
  };
}
