import { rowToEntry, type LedgerEntry } from '../../evidence/ledger.ts';
import type { DateRange } from '../../evidence/period.ts';
import { isReportKind } from '../../evidence/report-kinds.ts';
import type { Db } from '../../store/db.ts';
import { stmt } from '../../store/statements.ts';

export interface Selection {
  /** Distinct artifacts, in ledger order. */
  entries: LedgerEntry[];
  /** Per control asked about, the IDs of its artifacts, in ledger order; reports on the evidence aside. */
  byControl: Map<string, string[]>;
  /** Reports on the evidence among the entries (the mapping check's): in the package, evidence of no control. */
  reports: string[];
}

/** The artifacts whose effective period overlaps the range under any of the controls, plus any extra IDs. */
export function selectArtifacts(db: Db, range: DateRange, controls: string[], extraIds: string[] = []): Selection {
  const rows = stmt(
    db,
    `SELECT ac.control AS package_control, a.* FROM json_each(@controls) c
     JOIN artifact_controls ac ON ac.control = c.value AND ac.effective_from <= @to AND ac.effective_to >= @from
     JOIN artifacts a ON a.seq = ac.artifact_seq
     UNION ALL
     SELECT ac.control AS package_control, a.* FROM json_each(@extra) x
     JOIN artifacts a ON a.id = x.value
     JOIN artifact_controls ac ON ac.artifact_seq = a.seq AND ac.control IN (SELECT value FROM json_each(@controls))
     ORDER BY seq`,
  ).all({ controls: JSON.stringify(controls), extra: JSON.stringify(extraIds), from: range.from, to: range.to }) as (Parameters<typeof rowToEntry>[0] & { package_control: string })[];
  const entries = new Map<string, LedgerEntry>();
  const byControl = new Map<string, Set<string>>(controls.map((control) => [control, new Set()]));
  for (const { package_control: control, ...row } of rows) {
    if (!entries.has(row.id)) entries.set(row.id, rowToEntry(row));
    if (!isReportKind(row.kind)) byControl.get(control)!.add(row.id);
  }
  return {
    entries: [...entries.values()],
    byControl: new Map([...byControl].map(([control, ids]) => [control, [...ids]])),
    reports: [...entries.values()].filter((entry) => isReportKind(entry.kind)).map((entry) => entry.id),
  };
}
