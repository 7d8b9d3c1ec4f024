import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { getRequest } from '../../store/requests.ts';
import type { Services } from '../../services.ts';
import { isRepeatedAction, userMessage } from '../errors.ts';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** A "open this request" button, in a DM, a reminder or App Home: ack, then open the modal at once (the trigger lasts 3 s). */
export function openRequestAction(services: Services) {
  return async ({ ack, body, action, logger, respond }: Args): Promise<void> => {
    await ack();
    const request = getRequest(services.deps.db, action.value ?? '');
    // A button on the Home tab comes without a response URL, and Bolt then gives no respond.
    const tell = async (text: string): Promise<void> => {
      if (typeof respond === 'function') await respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
      else logger.warn('could not tell the person: the click came without a response URL', { action: action.action_id, user: body.user.id, text });
    };
    try {
      if (!request) return void (await tell('This request no longer exists.'));
      await services.deps.kinds.get(request.kind).open({ request, userId: body.user.id, triggerId: body.trigger_id });
    } catch (error) {
      if (isRepeatedAction(error)) return void logger.info('a repeated click: its modal is already open', { action: action.action_id, user: body.user.id });
      await tell(userMessage(error, logger, { action: action.action_id, user: body.user.id }));
    }
  };
}
