import type { Settings } from '../../config-schema.ts';
import { accessReviewObligations } from './access-reviews.ts';
import { acknowledgmentObligations } from './acknowledgments.ts';
import { checklistObligations } from './checklists.ts';
import { incidentObligations } from './incidents.ts';
import type { ObligationProvider } from './types.ts';

/**
 * Every flow that creates obligations registers its provider here, and only here: gap
 * detection (`evidence gaps`, `/evidence status`, App Home, the weekly digest) and the
 * auditor's package (its list of events that needed evidence) both read this list.
 *
 * To add one (incidents, onboarding and offboarding checklists…), write an ObligationProvider
 * (./types.ts) beside the flow's tables and add it below. Its `obligations(query)` returns, for
 * every event of the flow whose period overlaps `query.range`, one Obligation: a stable `id`
 * (`incident-resolution:pd-123`), the `kind` of artifact that answers it, its `controls`, the
 * `subject`, the `period` the evidence covers (a resolved incident: its day; a hire: the start
 * date), `dueAt` (e.g. resolved + 24 h + the request's escalation time), the `event` that made
 * it owed ({ what: 'incident PD-123 resolved', at }), a `gap` sentence ("incident PD-123
 * resolved without a signed resolution") and the `evidence` answering it, looked up in the
 * ledger (`evidenceOfKind` in ./ledger-evidence.ts). Status (met, missing, not yet due) is
 * decided centrally in ../gaps.ts from `evidence` and `dueAt`, never by a provider.
 */
export function obligationProviders(_settings: Settings): ObligationProvider[] {
  return [accessReviewObligations, acknowledgmentObligations, incidentObligations, checklistObligations];
}
