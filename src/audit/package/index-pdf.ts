import { hashCell, type Block, type RenderModel, type Section } from '../../evidence/pdf/model.ts';
import { formatUtc } from '../../time-format.ts';
import type { PackageFacts } from './manifest.ts';
import { failedRead, isMetLate, READ_BACK_TEXT, type PackagedObligation } from './packaged-obligations.ts';
import type { ReadStatus } from './read-back.ts';

export interface IndexInput extends PackageFacts {
  files: number;
  /** Artifact files the ledger lists that the package does not hold: missing, unreadable or not uploaded yet. */
  filesNotPacked: number;
  segment: { firstSeq: number; lastSeq: number; anchor: string | null } | null;
  problems: string[];
  manifestSha256: string;
}

const STATUS_TEXT = { met: 'met', missing: 'MISSING', 'not-due': 'not due yet' } as const;

/** Met by the ledger but not by what the store handed back: say how, so it never reads as plainly met. */
function statusText(obligation: PackagedObligation): string {
  if (isMetLate(obligation)) return 'met late';
  if (obligation.status !== 'met-unverified') return STATUS_TEXT[obligation.status];
  const read = obligation.readBack.find(failedRead);
  return read ? `met, artifact ${READ_BACK_TEXT[read]}` : 'met';
}

/** An artifact's ID, and under it how its read-back failed when it did. */
function artifactCell(id: string, status: ReadStatus | undefined): string {
  return failedRead(status) ? `${id}\n${READ_BACK_TEXT[status]}` : id;
}

function artifactTable(input: IndexInput, ids: string[]): Block {
  return {
    type: 'table',
    columns: [
      // In points of the page's 495: an artifact ID and half a SHA-256 each fit one line.
      { header: 'Artifact', width: 75 },
      { header: 'What', width: 95 },
      { header: 'When', width: 85 },
      { header: 'Signed by', width: 58 },
      { header: 'SHA-256', width: 182 },
    ],
    rows: ids.map((id) => {
      const entry = input.entries.get(id)!;
      return [artifactCell(entry.id, input.readBack.get(id)), `${entry.kind}\n${entry.title}`, `period ${entry.period}\ncaptured ${formatUtc(entry.captured_at)}`, entry.signer?.name ?? 'recorded by the system', hashCell(entry.sha256)];
    }),
  };
}

/**
 * The package's index as the shared renderer draws every artifact: per control, what each
 * artifact is, when it applies and was captured, who signed it and its SHA-256; then every event
 * that needed evidence beside what answers it, missing ones first, then those whose artifact
 * did not read back intact.
 */
export function indexModel(input: IndexInput): RenderModel {
  const missing = input.obligations.filter((obligation) => obligation.status === 'missing').length;
  const met = input.obligations.filter((obligation) => obligation.status === 'met').length;
  const unverified = input.obligations.filter((obligation) => obligation.status === 'met-unverified').length;
  const late = input.obligations.filter(isMetLate).length;
  const sections: Section[] = [
    {
      heading: 'Package',
      blocks: [
        {
          type: 'fields',
          rows: [
            ['Organization', input.organization],
            ['Evidence covering', `${input.range.from} to ${input.range.to} (effective period overlaps)`],
            ['Controls', input.controls.join(', ')],
            ['Artifacts', `${input.entries.size} (${input.files} files, read back from ${input.sink})${input.filesNotPacked > 0 ? `; ${input.filesNotPacked} file(s) the ledger lists are NOT IN THIS PACKAGE: see Integrity problems` : ''}`],
            ['Obligations', `${input.obligations.length} events needed evidence: ${met} met${late > 0 ? ` (${late} after the due date)` : ''}, ${unverified > 0 ? `${unverified} met by an artifact that failed the read-back, ` : ''}${missing} MISSING, ${input.obligations.length - met - unverified - missing} not due yet`],
            ['Ledger segment', input.segment ? `rows ${input.segment.firstSeq} to ${input.segment.lastSeq}${input.segment.anchor ? `, anchored by checkpoint ${input.segment.anchor}` : ', not anchored by a checkpoint yet'}` : 'none (no artifact)'],
            ['Integrity', input.problems.length === 0 ? 'every object read back matches the SHA-256 the ledger recorded' : `${input.problems.length} PROBLEM(S): see below`],
            ['Generated', formatUtc(input.generatedAt)],
          ],
        },
        { type: 'paragraph', text: 'VERIFY.md in this package shows how to check every hash and the ledger chain with sha256sum and jq, without evidence-bot. The SHA-256 in the footer of this index is that of manifest.json.' },
      ],
    },
  ];
  if (input.problems.length > 0) sections.push({ heading: 'Integrity problems', blocks: [{ type: 'list', items: input.problems }] });
  for (const control of input.controls) {
    const ids = input.byControl.get(control) ?? [];
    sections.push({
      heading: `${control}: ${ids.length} artifact${ids.length === 1 ? '' : 's'}`,
      blocks: [ids.length === 0 ? { type: 'paragraph', text: `No artifact of ${control} covers ${input.range.from} to ${input.range.to}.` } : artifactTable(input, ids)],
    });
  }
  if (input.reports.length > 0) {
    sections.push({
      heading: `Reports on the evidence: ${input.reports.length}`,
      blocks: [{ type: 'paragraph', text: 'Filed under the criteria they discuss, and counted as evidence for none of them.' }, artifactTable(input, input.reports)],
    });
  }
  const rank = (obligation: PackagedObligation) => (obligation.status === 'missing' ? 0 : obligation.status === 'met-unverified' ? 1 : 2);
  const ordered = [...input.obligations].sort((a, b) => rank(a) - rank(b) || a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
  sections.push({
    heading: 'Events that needed evidence',
    blocks: [
      ordered.length === 0
        ? { type: 'paragraph', text: 'No event of this range needed evidence from the flows in use.' }
        : {
            type: 'table',
            columns: [
              { header: 'Owed', width: 3 },
              { header: 'Because', width: 2.6 },
              { header: 'Due', width: 1.6 },
              { header: 'Answered by', width: 2 },
              { header: 'Status', width: 1.2 },
            ],
            rows: ordered.map((obligation) => [
              `${obligation.description}\n${obligation.controls.join(', ')}`,
              `${obligation.event.what}, ${obligation.event.at.slice(0, 10)}`,
              obligation.dueAt.slice(0, 10),
              obligation.evidence.map((evidence) => evidence.id).join('\n') || 'nothing',
              statusText(obligation),
            ]),
          },
    ],
  });
  return {
    id: input.packageId,
    organization: input.organization,
    title: `Evidence package: ${input.range.from} to ${input.range.to}`,
    kind: 'evidence-package',
    controls: input.controls,
    period: input.range.label,
    effective: { from: input.range.from, to: input.range.to },
    capturedAt: input.generatedAt,
    subject: 'evidence-package',
    subjectLabel: 'Evidence package',
    sections,
    signer: null,
    signedAt: input.generatedAt,
    history: [{ at: input.generatedAt, what: 'packaged', detail: `${input.files} artifact files read back from ${input.sink} and checked against the ledger` }],
    payloadSha256: input.manifestSha256,
    hashOf: 'manifest.json',
  };
}
