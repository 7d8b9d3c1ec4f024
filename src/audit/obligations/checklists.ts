import { timingFor } from '../../flows/escalation.ts';
import { checklistControls, subjectOf, typeLabel } from '../../flows/lifecycle/model.ts';
import type { ChecklistRow, StepRow } from '../../store/checklists.ts';
import { stmt } from '../../store/statements.ts';
import type { EvidenceRef, Obligation, ObligationProvider } from './types.ts';

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Every hire and every termination owes its completed checklist (the manager's attestation
 * included), dated the start date or the termination day. It is due when the checklist's last
 * step is due plus that step kind's escalation time; a checklist cancelled (an onboarding closed
 * by a termination) owes nothing. The evidence is the checklist's own PDF, found by its ID.
 */
export const checklistObligations: ObligationProvider = {
  name: 'checklist',
  obligations({ db, settings, range }) {
    const checklists = stmt(db, "SELECT * FROM checklists WHERE state != 'cancelled' AND effective_date BETWEEN ? AND ? ORDER BY event_at, id").all(range.from, range.to) as ChecklistRow[];
    if (checklists.length === 0) return [];
    const filed = new Map(
      (stmt(db, `SELECT id, kind, period, captured_at, signer, key FROM artifacts WHERE id IN (${checklists.map(() => '?').join(',')})`).all(...checklists.map((c) => c.artifact_id ?? '')) as { id: string; kind: string; period: string; captured_at: string; signer: string | null; key: string }[]).map((row) => [
        row.id,
        { id: row.id, kind: row.kind, period: row.period, capturedAt: row.captured_at, signer: row.signer ? (JSON.parse(row.signer) as { name: string }).name : null, key: row.key } satisfies EvidenceRef,
      ]),
    );
    const stepsByChecklist = new Map<string, StepRow[]>();
    for (const step of stmt(db, `SELECT * FROM checklist_steps WHERE checklist_id IN (${checklists.map(() => '?').join(',')})`).all(...checklists.map((c) => c.id)) as StepRow[]) {
      const list = stepsByChecklist.get(step.checklist_id) ?? [];
      list.push(step);
      stepsByChecklist.set(step.checklist_id, list);
    }
    return checklists.map((checklist): Obligation => {
      const steps = stepsByChecklist.get(checklist.id) ?? [];
      const kind = `${checklist.type}-checklist`;
      const lastDue = steps.reduce((latest, step) => (step.due_at > latest ? step.due_at : latest), checklist.event_at);
      const label = typeLabel(checklist.type);
      // Every reader prints the event's own date beside `what`: the effective date only where it differs.
      const effective = checklist.effective_date === checklist.event_at.slice(0, 10) ? '' : checklist.type === 'onboarding' ? `, starting ${checklist.effective_date}` : `, effective ${checklist.effective_date}`;
      const what = `${checklist.name} ${checklist.type === 'onboarding' ? 'hired' : 'terminated'}${effective}`;
      const evidence = checklist.artifact_id ? filed.get(checklist.artifact_id) : undefined;
      return {
        id: `${kind}:${checklist.id}`,
        provider: 'checklist',
        kind,
        controls: checklistControls(settings, checklist.type, steps),
        subject: subjectOf(checklist),
        subjectLabel: checklist.name,
        period: { label: checklist.effective_date, from: checklist.effective_date, to: checklist.effective_date },
        dueAt: plus(lastDue, timingFor(settings, `${checklist.type}-step`).escalateAfter),
        event: { what, at: checklist.event_at },
        description: `${label} checklist of ${checklist.name}`,
        gap: `${checklist.name}: ${checklist.type === 'onboarding' ? 'hired' : 'terminated'} ${checklist.effective_date} without a completed ${checklist.type} checklist`,
        evidence: evidence ? [evidence] : [],
      };
    });
  },
  summarize(gaps) {
    const lines: string[] = [];
    for (const type of ['onboarding', 'offboarding'] as const) {
      const ofType = gaps.filter((gap) => gap.kind === `${type}-checklist`);
      if (ofType.length === 0) continue;
      const names = ofType.map((gap) => `${gap.subjectLabel} (${gap.period.label})`).join(', ');
      lines.push(`${ofType.length} ${type === 'onboarding' ? 'hire' : 'termination'}${ofType.length === 1 ? '' : 's'} without a completed ${type} checklist: ${names}`);
    }
    return lines;
  },
};
