import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { openStep } from '../../flows/lifecycle/kind.ts';
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
      await openStep(services.deps, { request, userId: body.user.id, triggerId: body.trigger_id, outcome: 'not_applicable' });
    } catch (error) {
      const text = userMessage(error, logger, { action: action.action_id, user: body.user.id });
      await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
    }
  };
}
