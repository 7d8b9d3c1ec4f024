import type { Routes } from '../router.ts';
import type { Services } from '../../services.ts';
import { ACK_IDS } from '../../../views/acknowledgment.ts';
import { acknowledgmentSubmit } from './acknowledgment-submit.ts';
import { REVIEW_IDS } from '../../../views/access-review.ts';
import { REVOCATION_IDS } from '../../../views/revocation.ts';
import { reviewClosed, reviewSubmit } from './review-submit.ts';
import { revocationSubmit } from './revocation-submit.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { POSTMORTEM_IDS } from '../../../views/postmortem.ts';
import { FOLLOW_UP_IDS } from '../../../views/follow-up.ts';
import { followUpSubmit, postmortemSubmit, reportSubmit, resolutionSubmit } from './incident-submits.ts';
import { STEP_IDS } from '../../../views/checklist-step.ts';
import { checklistAttestSubmit, checklistStepSubmit } from './checklist-submit.ts';

export function viewRoutes(services: Services): Routes['views'] {
  return {
    submissions: {
      [ACK_IDS.callbackId]: acknowledgmentSubmit(services),
      [REVIEW_IDS.callbackId]: reviewSubmit(services),
      [REVOCATION_IDS.callbackId]: revocationSubmit(services),
      [INCIDENT_IDS.reportCallback]: reportSubmit(services),
      [INCIDENT_IDS.resolutionCallback]: resolutionSubmit(services),
      [POSTMORTEM_IDS.callbackId]: postmortemSubmit(services),
      [FOLLOW_UP_IDS.callbackId]: followUpSubmit(services),
      [STEP_IDS.stepCallback]: checklistStepSubmit(services),
      [STEP_IDS.attestCallback]: checklistAttestSubmit(services),
    },
    closings: { [REVIEW_IDS.callbackId]: reviewClosed(services) },
  };
}
