import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { submitAcknowledgment } from '../../flows/acknowledgments/sign.ts';
import type { Services } from '../../services.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The signed acknowledgment: recorded in SQLite, then the modal closes, then the PDF is filed. */
export function acknowledgmentSubmit(services: Services) {
  return async ({ ack, body, view, logger }: Args): Promise<void> => {
    const outcome = await submitAcknowledgment(services.deps, { userId: body.user.id, privateMetadata: view.private_metadata, values: view.state.values, viewId: view.id });
    if (outcome.kind === 'errors') {
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    await ack();
    if (outcome.kind === 'signed') {
      logger.info('acknowledgment signed', { requestId: outcome.requestId, user: body.user.id });
      services.answered(outcome.requestId);
    }
  };
}
