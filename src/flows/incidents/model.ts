import type { PostmortemDraft } from '../../drafter/types.ts';
import { InvalidEvidenceError } from '../../errors.ts';
import { slugify } from '../../evidence/path-schema.ts';

export const RESOLUTION_KIND = 'incident-resolution';
export const POSTMORTEM_KIND = 'postmortem';
export const FOLLOW_UP_KIND = 'incident-follow-up';

export interface ResolutionPayload {
  incidentId: string;
}

export interface PostmortemPayload {
  incidentId: string;
  resolutionRequestId: string;
  /** Written by the drafter just before the owner is asked, so the DM and the modal agree. */
  draft?: PostmortemDraft;
}

export interface FollowUpPayload {
  incidentId: string;
  number: string;
  description: string;
  /** The request (resolution or postmortem) the action came from. */
  fromRequestId: string;
  dueAt: string;
}

export interface FollowUp {
  description: string;
  owner: string;
}

export interface SignedResolution {
  request_id: string;
  incident_id: string;
  incident_number: string;
  narrative: string;
  root_cause: string;
  customer_impact: string;
  impact_details: string;
  detected_at: string;
  resolved_at: string;
  follow_ups: FollowUp[];
  signer_slack_id: string;
  submitted_at: string;
}

export const IMPACT_OPTIONS: Record<string, string> = {
  none: 'No customer impact',
  degraded: 'Degraded performance',
  partial: 'Partial outage',
  outage: 'Full outage',
  data: 'Data exposure or loss',
};

/**
 * Incident artifacts are filed under the incident's reference: "PD-123" becomes "pd-123". A
 * reference with no a-z or 0-9 at all (a title in another script) is filed as "incident": the
 * reference itself is still in the artifact, its metadata and its sidecar.
 */
export function incidentSubject(incident: { number: string }): string {
  try {
    return slugify(incident.number);
  } catch (error) {
    if (error instanceof InvalidEvidenceError) return 'incident';
    throw error;
  }
}
