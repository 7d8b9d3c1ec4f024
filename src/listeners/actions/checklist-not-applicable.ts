import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { openStep } from '../../flows/lifecycle/kind.ts';
import { OFFBOARDING_KIND, ONBOARDING_KIND } from '../../flows/lifecycle/model.ts';
import { getRequest } from '../../store/requests.ts';
import type { Services } from '../../services.ts';
import { userMessage } from '../errors.ts';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** "Not applicable" on a checklist step's DM: the step's modal, with that outcome chosen. */
export function checklistNotApplicable(services: Services) {
  return async ({ ack, body, action, logger, respond }: Args): Promise<void> => {
    await ack();
    const request = getRequest(services.deps.db, action.value ?? '');
    try {
      if (!request) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: 'This request no longer exists.' }));
      // The button carries the request ID in its value, which whoever sends the payload chooses.
      if (request.kind !== ONBOARDING_KIND && request.kind !== OFFBOARDING_KIND) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: 'This button belongs to a checklist step, and this request is not one. Use the button on the request itself.' }));
      await openStep(services.deps, { request, userId: body.user.id, triggerId: body.trigger_id, outcome: 'not_applicable' });
    } catch (error) {
      const text = userMessage(error, logger, { action: action.action_id, user: body.user.id });
      await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
    }
  };
}
