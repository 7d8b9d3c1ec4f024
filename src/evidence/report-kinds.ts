/** The kind of the mapping check's report (src/audit/mapping). */
export const MAPPING_CHECK_KIND = 'mapping-check';

/**
 * Kinds of artifact that report on the evidence rather than show a control operating. They are
 * filed under the criteria they discuss, so an auditor finds them there, but they never count
 * as a control's evidence: a report written during a week without evidence must not make that
 * week look covered, in a sample, a package or the status report.
 */
export const REPORT_KINDS: readonly string[] = [MAPPING_CHECK_KIND];

/** For SQL: `a.kind NOT IN (SELECT value FROM json_each(?))`. */
export const REPORT_KINDS_JSON = JSON.stringify(REPORT_KINDS);

export function isReportKind(kind: string): boolean {
  return REPORT_KINDS.includes(kind);
}
