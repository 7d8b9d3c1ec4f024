import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewClosedAction, ViewSubmitAction } from '@slack/bolt';
import { saveOnClose, type ViewValues } from '../../flows/access-review/draft.ts';
import { submitReview } from '../../flows/access-review/sign.ts';
import type { Services } from '../../services.ts';

/** The signed review part: recorded with its revocations, then the modal closes, then it is filed. */
export function reviewSubmit(services: Services) {
  return async ({ ack, body, view, logger }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const outcome = await submitReview(services.deps, { userId: body.user.id, privateMetadata: view.private_metadata, values: view.state.values as ViewValues, viewId: view.id });
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'signed') {
      logger.info('access review signed', { requestId: outcome.requestId, completed: outcome.completed, revoked: outcome.revoked });
      services.answered(outcome.requestId);
    }
  };
}

/** Closing the modal keeps the comment typed so far. */
export function reviewClosed(services: Services) {
  return async ({ ack, body, view, logger }: SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    try {
      saveOnClose(services.deps, { userId: body.user.id, privateMetadata: view.private_metadata, values: view.state.values as ViewValues });
    } catch (error) {
      logger.warn('review draft not saved on close', { user: body.user.id }, error);
    }
  };
}
