import type { App, BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import { REVIEW_IDS } from '../../../views/access-review.ts';
import { reviewChoice } from './review-choice.ts';
import { reviewPage } from './review-page.ts';
import type { Services } from '../../services.ts';
import { REQUEST_IDS } from '../../../views/requests.ts';
import { openRequestAction } from './open-request.ts';
import { STEP_IDS } from '../../../views/checklist-step.ts';
import { checklistNotApplicable } from './checklist-not-applicable.ts';

export function registerActions(app: App, services: Services): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: REQUEST_IDS.openActionPattern }, openRequestAction(services));
  app.action<BlockAction<StaticSelectAction>>({ type: 'block_actions', action_id: REVIEW_IDS.decisionAction }, reviewChoice(services));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: REVIEW_IDS.prevAction }, reviewPage(services));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: REVIEW_IDS.nextAction }, reviewPage(services));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: STEP_IDS.notApplicablePattern }, checklistNotApplicable(services));
}
