import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, StaticSelectAction } from '@slack/bolt';
import { recordChoice } from '../../flows/access-review/draft.ts';
import type { Services } from '../../services.ts';

type Args = SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs;

/** Keep / Revoke on one account: saved as the draft at once. */
export function reviewChoice(services: Services) {
  return async ({ ack, body, action, logger }: Args): Promise<void> => {
    await ack();
    if (!body.view) return;
    try {
      recordChoice(services.deps, { userId: body.user.id, privateMetadata: body.view.private_metadata, blockId: action.block_id, value: action.selected_option.value });
    } catch (error) {
      logger.warn('review choice not saved', { user: body.user.id }, error);
    }
  };
}
