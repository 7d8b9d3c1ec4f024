import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { turnPage, type ViewValues } from '../../flows/access-review/draft.ts';
import type { Services } from '../../services.ts';
import { isRepeatedAction, userMessage } from '../errors.ts';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Previous / Next in the review modal. */
export function reviewPage(services: Services) {
  return async ({ ack, body, action, logger, respond }: Args): Promise<void> => {
    await ack();
    if (!body.view) return;
    try {
      await turnPage(services.deps, {
        userId: body.user.id,
        privateMetadata: body.view.private_metadata,
        values: body.view.state.values as ViewValues,
        viewId: body.view.id,
        hash: body.view.hash,
        page: Number(action.value),
      });
    } catch (error) {
      if (isRepeatedAction(error)) return void logger.info('a repeated page turn: the view already moved on', { action: action.action_id, user: body.user.id });
      const text = userMessage(error, logger, { action: action.action_id, user: body.user.id });
      // A button inside a modal comes without a response URL (Bolt then gives no respond): the
      // page simply stays, and pressing Next again works.
      if (typeof respond === 'function') await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
    }
  };
}
