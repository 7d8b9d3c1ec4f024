import { compareControls } from '../../evidence/controls.ts';
import type { Block, Section } from '../../evidence/pdf/model.ts';
import { dayOf } from '../../evidence/period.ts';
import { MAPPING_CHECK_KIND } from '../../evidence/report-kinds.ts';
import type { ArtifactSpec } from '../../evidence/spec.ts';
import { formatUtc } from '../../time-format.ts';
import { byAttention, needsAttention, type CheckedPair, type MappingReport } from './check.ts';

export const VERDICT_LABEL = { supported: 'supported', questionable: 'QUESTIONABLE', 'not-supported': 'NOT SUPPORTED' } as const;

/** The criteria the report is filed under: those it covers that are in scope, in the criteria's order. */
export function reportControls(report: MappingReport, inScope: readonly string[]): string[] {
  return [...new Set(report.pairs.map((pair) => pair.control))].filter((control) => inScope.includes(control)).sort(compareControls);
}

/** "partially, DISAGREES with the rules" or "not consulted: …", for a table cell or a line of text. */
export function modelLabel(pair: CheckedPair): string {
  const { model } = pair;
  if (!model.consulted) return `not consulted: ${model.reason}`;
  return `${model.verdict.replace(/_/g, ' ')}, ${model.agrees ? 'agrees' : 'DISAGREES with the rules'}`;
}

/**
 * The report as an artifact like any other: a system record (nobody signs it) for the run day,
 * filed under the criteria it covers, with the whole report as its JSON payload.
 */
export function mappingReportSpec(report: MappingReport, input: { id: string; controls: string[] }): ArtifactSpec {
  const day = dayOf(new Date(report.generatedAt));
  return {
    sourceKey: `${MAPPING_CHECK_KIND}:${input.id}`,
    id: input.id,
    kind: MAPPING_CHECK_KIND,
    controls: input.controls,
    period: day,
    capturedAt: report.generatedAt,
    subject: 'evidence-mapping',
    subjectLabel: 'Evidence mapping',
    title: `Evidence mapping check: ${report.window.from} to ${report.window.to}`,
    signer: null,
    sections: [summarySection(report), verdictTable(report), ...(report.kinds.length > 0 ? [kindsTable(report)] : []), ...byAttention(report.pairs).map(pairSection)],
    history: [],
    payload: report,
    format: 'pdf',
  };
}

function summarySection(report: MappingReport): Section {
  const { counts, secondReader } = report;
  const attention = report.pairs.filter(needsAttention).length;
  const reader = secondReader.consulted > 0
    ? `${secondReader.model}: consulted for ${secondReader.consulted} of ${counts.pairs} pair(s); agrees with ${counts.modelAgrees}, DISAGREES with ${counts.modelDisagrees}${counts.modelNotConsulted > 0 ? `; ${counts.modelNotConsulted} not consulted (see each pair)` : ''}`
    : `not consulted: ${secondReader.notConsulted ?? firstReason(report)}`;
  return {
    heading: 'Summary',
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Observation window', `${report.window.from} to ${report.window.to} (artifacts whose effective period overlaps it)`],
          ['Artifacts checked', `${report.artifacts}, each JSON record read back from the evidence store and checked against the ledger`],
          ['Kind and criterion pairs', `${counts.pairs}: ${counts.supported} supported, ${counts.questionable} questionable, ${counts.notSupported} not supported`],
          ['Second reader', reader],
          ['Result', report.ok ? 'Every pair is supported.' : `${attention} pair(s) need a person to look at them.`],
          ['Checked', formatUtc(report.generatedAt)],
        ],
      },
      {
        type: 'paragraph',
        text: 'Deterministic rules decide every verdict: what each kind of artifact can evidence, and structural checks of every artifact (a signature where a person must sign, the attestation and a decision per account of an access review, the root cause of an incident). Where a model is configured, it reads up to three artifacts of each pair as a second opinion. It never changes a verdict; where it disagrees, the pair is flagged for a person to look at.',
      },
    ],
  };
}

function firstReason(report: MappingReport): string {
  const pair = report.pairs.find((candidate) => !candidate.model.consulted);
  return pair && !pair.model.consulted ? pair.model.reason : 'see each pair';
}

function verdictTable(report: MappingReport): Section {
  const block: Block = report.pairs.length === 0
    ? { type: 'paragraph', text: 'No artifact in the ledger has an effective period overlapping the observation window: there was nothing to check.' }
    : {
        type: 'table',
        columns: [
          { header: 'Kind', width: 2.4 },
          { header: 'Criterion', width: 1.1 },
          { header: 'Artifacts', width: 1 },
          { header: 'Rules', width: 1.6 },
          { header: 'Model', width: 2.6 },
        ],
        rows: report.pairs.map((pair) => [pair.kind, pair.control, String(pair.artifacts), VERDICT_LABEL[pair.verdict], pair.model.consulted ? modelLabel(pair) : 'not consulted']),
      };
  return { heading: 'Verdicts', blocks: [block] };
}

function kindsTable(report: MappingReport): Section {
  return {
    heading: 'What each kind can evidence',
    blocks: [
      {
        type: 'table',
        columns: [
          { header: 'Kind', width: 2 },
          { header: 'What it is', width: 5 },
          { header: 'Evidences', width: 1.9 },
        ],
        rows: report.kinds.map((kind) => [
          kind.kind,
          kind.what ?? 'evidence-bot has no rule for this kind: a person must judge it',
          kind.what === null ? '—' : [kind.evidences.join(', '), kind.partly.length > 0 ? `partly ${kind.partly.join(', ')}` : ''].filter(Boolean).join('; '),
        ]),
      },
    ],
  };
}

function pairSection(pair: CheckedPair): Section {
  const model: [string, string][] = pair.model.consulted
    ? [
        ['Second reader', modelLabel(pair)],
        ['Its explanation', pair.model.explanation],
        ['Missing, it says', pair.model.missing.length > 0 ? pair.model.missing.join('; ') : 'nothing'],
      ]
    : [['Second reader', modelLabel(pair)]];
  return {
    heading: `${pair.kind} under ${pair.control}: ${VERDICT_LABEL[pair.verdict]}`,
    blocks: [
      {
        type: 'fields',
        rows: [
          ['Criterion', `${pair.control}: ${pair.criterion}`],
          ['Artifacts', `${pair.artifacts}${pair.failing > 0 ? `, ${pair.failing} with structural problems` : pair.what === null ? ', read back but not checked for structure: no rule knows this kind' : ', every one structurally sound'}`],
        ],
      },
      { type: 'list', items: pair.reasons },
      { type: 'fields', rows: model },
    ],
  };
}
