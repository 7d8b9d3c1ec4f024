import type { Settings } from '../../config-schema.ts';
import { hashCell, type Block, type HistoryEntry, type Section, type Signer } from '../../evidence/pdf/model.ts';
import type { ArtifactSpec } from '../../evidence/spec.ts';
import type { ChecklistRow, StepRow, VerificationRow } from '../../store/checklists.ts';
import { formatUtc } from '../../time-format.ts';
import type { DiscoveryEntry, SystemCheck } from './listing.ts';
import { checklistControls, controlsFor, subjectOf, typeLabel } from './model.ts';

/** The signed (or system-recorded) record of one step: who, when, what they said. */
export interface StepRecord {
  checklist_id: string;
  checklist_type: ChecklistRow['type'];
  person: { name: string; email: string };
  step_key: string;
  step_title: string;
  step_kind: StepRow['kind'];
  system: string | null;
  outcome: 'done' | 'not_applicable';
  note: string | null;
  link: string | null;
  confirmed: boolean;
  due_at: string;
  late: boolean;
  done_at: string;
  /** Null when the bot recorded it (an acknowledgment signed through its own flow). */
  done_by_slack_id: string | null;
  request_id: string | null;
  reopened: string | null;
  /** For the acknowledgments step: the acknowledgment request and its artifact. */
  acknowledgment: { request_id: string; artifact_id: string | null } | null;
}

export function stepArtifact(input: { settings: Settings; checklist: ChecklistRow; step: StepRow; record: StepRecord; signer: Signer | null; history: HistoryEntry[]; artifactId: string }): ArtifactSpec {
  const { checklist, step, record } = input;
  const controls = JSON.parse(step.controls) as string[];
  const rows: [string, string][] = [
    ['Person', `${checklist.name} (${checklist.email})`],
    ['Step', step.title],
    ['Outcome', record.outcome === 'done' ? 'Done' : 'Not applicable'],
    ['Due', formatUtc(record.due_at)],
    ['Done', `${formatUtc(record.done_at)}${record.late ? ' (late)' : ''}`],
  ];
  if (record.note) rows.push([record.outcome === 'done' ? 'Note' : 'Reason', record.note]);
  if (record.link) rows.push(['Link', record.link]);
  if (record.acknowledgment) rows.push(['Acknowledgment', `request ${record.acknowledgment.request_id}, artifact ${record.acknowledgment.artifact_id ?? 'not filed'}`]);
  return {
    sourceKey: `checklist-step:${checklist.id}:${step.step_key}:${record.request_id ?? 'recorded'}`,
    id: input.artifactId,
    kind: 'checklist-step',
    controls: controls.length > 0 ? controls : controlsFor(input.settings, checklist.type, undefined),
    period: checklist.effective_date,
    capturedAt: record.done_at,
    subject: subjectOf(checklist),
    subjectLabel: checklist.name,
    title: truncateTitle(`${typeLabel(checklist.type)} of ${checklist.name}: ${step.title}`),
    ...(record.request_id ? { requestId: record.request_id } : {}),
    signer: input.signer,
    sections: [{ heading: 'Checklist step', blocks: [{ type: 'fields', rows }] }],
    history: input.history,
    payload: record,
    format: 'json',
  };
}

export function verificationArtifact(input: { settings: Settings; checklist: ChecklistRow; verification: Omit<VerificationRow, 'results'>; results: SystemCheck[] }): ArtifactSpec {
  const { checklist, verification, results } = input;
  return {
    sourceKey: `offboarding-verification:${verification.id}`,
    id: verification.artifact_id,
    kind: 'offboarding-verification',
    controls: controlsFor(input.settings, 'offboarding', undefined),
    period: checklist.effective_date,
    capturedAt: verification.at,
    subject: subjectOf(checklist),
    subjectLabel: checklist.name,
    title: truncateTitle(`Offboarding check of ${checklist.name}: ${verification.clean ? 'every account gone or disabled' : 'access remains or could not be checked'}`),
    signer: null,
    sections: [{ heading: 'Offboarding check', blocks: [{ type: 'paragraph', text: `Reason: ${verification.reason}.` }, checksTable(results)] }],
    history: [],
    payload: { checklist_id: checklist.id, person: { name: checklist.name, email: checklist.email }, at: verification.at, reason: verification.reason, clean: verification.clean === 1, systems: results },
    format: 'json',
  };
}

function checksTable(results: SystemCheck[]): Block {
  if (results.length === 0) return { type: 'paragraph', text: 'No system with a connector is configured: nothing could be checked automatically.' };
  return {
    type: 'table',
    columns: [
      { header: 'System', width: 1.6 },
      { header: 'Result', width: 1.4 },
      { header: 'Accounts of the person', width: 3 },
      { header: 'List (accounts, SHA-256) or error', width: 4 },
    ],
    rows: results.map((result) => [
      result.name,
      CHECK_LABELS[result.status],
      result.accounts.map((account) => `${account.label} (${account.status})`).join(', ') || 'none',
      result.status === 'failed' ? `could not be listed: ${result.error}` : `${result.accountCount} accounts at ${formatUtc(result.listedAt)},\n${hashCell(result.sha256 ?? '')}`,
    ]),
  };
}

const CHECK_LABELS: Record<SystemCheck['status'], string> = { gone: 'gone', disabled: 'disabled', remaining: 'STILL ACTIVE', failed: 'NOT CHECKED' };

export interface Attestation {
  statement: string;
  comment: string;
  signerSlackId: string;
  signedAt: string;
  requestId: string;
}

/** The completed checklist: every step with its time, owner and record hash, the checks, and the attestation. */
export function checklistArtifact(input: {
  settings: Settings;
  checklist: ChecklistRow;
  steps: StepRow[];
  verifications: VerificationRow[];
  attestation: Attestation | null;
  signer: Signer | null;
  history: HistoryEntry[];
  artifactId: string;
  completedAt: string;
  names: (slackId: string) => string;
}): ArtifactSpec {
  const { checklist, steps, names } = input;
  const person: [string, string][] = [
    ['Name', checklist.name],
    ['Email', checklist.email],
    ['Department', checklist.department ?? 'not given'],
    ['Manager', managerLine(checklist, names)],
    [checklist.type === 'onboarding' ? 'Start' : 'Termination', formatUtc(checklist.event_at)],
    ['Started', `${formatUtc(checklist.started_at)} by ${checklist.started_by}`],
    ['Completed', formatUtc(input.completedAt)],
  ];
  const sections: Section[] = [
    { heading: 'Person', blocks: [{ type: 'fields', rows: person }] },
    {
      heading: 'Steps',
      blocks: [
        {
          type: 'table',
          columns: [
            { header: 'Step', width: 3.4 },
            { header: 'Owner', width: 1.8 },
            { header: 'Due', width: 1.7 },
            { header: 'Done', width: 1.7 },
            { header: 'Outcome', width: 1.3 },
          ],
          rows: steps.map((step) => [step.title, step.done_by ? names(step.done_by) : step.assignee ? names(step.assignee) : step.owner, formatUtc(step.due_at), step.done_at ? formatUtc(step.done_at) : '', outcomeLabel(step)]),
        },
        ...notes(steps),
        {
          type: 'table',
          columns: [
            // A 12-character ID and half a SHA-256 each fit one line: a copied ID is never broken.
            { header: 'Step', width: 3.6 },
            { header: 'Record', width: 1.5 },
            { header: 'SHA-256 of the record (canonical JSON payload)', width: 3.9 },
          ],
          rows: steps.map((step) => [step.title, step.artifact_id ?? '', step.payload_sha256 ? hashCell(step.payload_sha256) : '']),
        },
      ],
    },
  ];
  if (checklist.type === 'offboarding') sections.push(...offboardingSections(checklist, input.verifications));
  if (input.attestation) {
    sections.push({
      heading: 'Attestation',
      blocks: [
        { type: 'paragraph', text: input.attestation.statement },
        ...(input.attestation.comment ? [{ type: 'paragraph' as const, text: `Comment: ${input.attestation.comment}` }] : []),
      ],
    });
  }
  return {
    sourceKey: `checklist:${checklist.id}`,
    id: input.artifactId,
    kind: `${checklist.type}-checklist`,
    controls: checklistControls(input.settings, checklist.type, steps),
    period: checklist.effective_date,
    capturedAt: input.completedAt,
    subject: subjectOf(checklist),
    subjectLabel: checklist.name,
    title: truncateTitle(`${typeLabel(checklist.type)} checklist: ${checklist.name}`),
    ...(input.attestation ? { requestId: input.attestation.requestId } : {}),
    signer: input.signer,
    sections,
    history: input.history,
    payload: {
      checklist_id: checklist.id,
      type: checklist.type,
      person: { name: checklist.name, email: checklist.email, department: checklist.department, manager_email: checklist.manager_email, manager_slack_id: checklist.manager_slack_id },
      event_at: checklist.event_at,
      started_at: checklist.started_at,
      started_by: checklist.started_by,
      completed_at: input.completedAt,
      steps: steps.map((step) => ({
        key: step.step_key,
        title: step.title,
        kind: step.kind,
        system: step.system,
        owner: step.owner,
        assignee: step.assignee,
        due_at: step.due_at,
        state: step.state,
        done_at: step.done_at,
        done_by: step.done_by,
        artifact_id: step.artifact_id,
        payload_sha256: step.payload_sha256,
      })),
      discovery: checklist.discovery ? (JSON.parse(checklist.discovery) as DiscoveryEntry[]) : null,
      verifications: input.verifications.map((row) => ({ id: row.id, at: row.at, reason: row.reason, clean: row.clean === 1, artifact_id: row.artifact_id, systems: JSON.parse(row.results) as SystemCheck[] })),
      attestation: input.attestation ? { statement: input.attestation.statement, comment: input.attestation.comment, signer_slack_id: input.attestation.signerSlackId, signed_at: input.attestation.signedAt } : null,
    },
    format: 'pdf',
  };
}

function managerLine(checklist: ChecklistRow, names: (slackId: string) => string): string {
  if (checklist.manager_slack_id) return `${names(checklist.manager_slack_id)}${checklist.manager_email ? ` (${checklist.manager_email})` : ''}`;
  if (checklist.manager_email) return `${checklist.manager_email}: not found in Slack; the manager's steps went to the fallback owner`;
  return 'none on record; the manager\'s steps went to the fallback owner';
}

function outcomeLabel(step: StepRow): string {
  if (step.state === 'done') return step.done_at && step.done_at > step.due_at ? 'done (late)' : 'done';
  if (step.state === 'not_applicable') return 'not applicable';
  return step.state;
}

function notes(steps: StepRow[]): Block[] {
  const items = steps.filter((step) => step.note || step.link).map((step) => `${step.title}: ${[step.note, step.link].filter(Boolean).join(' ')}`);
  return items.length > 0 ? [{ type: 'list', items }] : [];
}

/** The list a discovery read, and where it was filed; checklists started before lists were filed say only when. */
function discoveredList(entry: DiscoveryEntry): string {
  if (!entry.sha256 || entry.accountCount == null) return `listed at ${formatUtc(entry.listedAt)}`;
  return `${entry.accountCount} accounts at ${formatUtc(entry.listedAt)},\n${hashCell(entry.sha256)}${entry.snapshotArtifactId ? `\nfiled as ${entry.snapshotArtifactId}` : ''}`;
}

function offboardingSections(checklist: ChecklistRow, verifications: VerificationRow[]): Section[] {
  const discovery = checklist.discovery ? (JSON.parse(checklist.discovery) as DiscoveryEntry[]) : [];
  const sections: Section[] = [
    {
      heading: 'Accounts found when offboarding started',
      blocks: [
        discovery.length === 0
          ? { type: 'paragraph', text: 'No system with a connector is configured.' }
          : {
              type: 'table',
              columns: [
                { header: 'System', width: 1.6 },
                { header: 'Found', width: 1.4 },
                { header: 'Accounts of the person', width: 3 },
                { header: 'List (accounts, SHA-256) or error', width: 4 },
              ],
              rows: discovery.map((entry) => [
                entry.name,
                entry.status === 'failed' ? 'not listed' : entry.status,
                entry.status === 'failed' ? '' : entry.accounts.map((account) => `${account.label} (${account.status})`).join(', ') || 'none',
                entry.status === 'failed' ? `could not be listed: ${entry.error}` : discoveredList(entry),
              ]),
            },
      ],
    },
  ];
  for (const verification of verifications) {
    sections.push({
      heading: `Check of ${formatUtc(verification.at)} (${verification.reason}): ${verification.clean ? 'clean' : 'NOT CLEAN'}`,
      blocks: [checksTable(JSON.parse(verification.results) as SystemCheck[]), { type: 'paragraph', text: `Filed as ${verification.artifact_id}.` }],
    });
  }
  return sections;
}

function truncateTitle(title: string): string {
  return title.length <= 200 ? title : `${title.slice(0, 199)}…`;
}
