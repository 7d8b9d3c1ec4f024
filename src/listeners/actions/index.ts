import type { ButtonAction, StaticSelectAction } from '@slack/bolt';
import { actionRoute, type Routes } from '../router.ts';
import { REVIEW_IDS } from '../../../views/access-review.ts';
import { reviewChoice } from './review-choice.ts';
import { reviewPage } from './review-page.ts';
import type { Services } from '../../services.ts';
import { REQUEST_IDS } from '../../../views/requests.ts';
import { openRequestAction } from './open-request.ts';
import { STEP_IDS } from '../../../views/checklist-step.ts';
import { checklistNotApplicable } from './checklist-not-applicable.ts';

export function actionRoutes(services: Services): Routes['actions'] {
  return [
    actionRoute<ButtonAction>(REQUEST_IDS.openActionPattern, openRequestAction(services)),
    actionRoute<StaticSelectAction>(REVIEW_IDS.decisionAction, reviewChoice(services)),
    actionRoute<ButtonAction>(REVIEW_IDS.prevAction, reviewPage(services)),
    actionRoute<ButtonAction>(REVIEW_IDS.nextAction, reviewPage(services)),
    actionRoute<ButtonAction>(STEP_IDS.notApplicablePattern, checklistNotApplicable(services)),
  ];
}
