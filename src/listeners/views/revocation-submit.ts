import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { submitRevocation } from '../../flows/access-review/revocations.ts';
import type { Services } from '../../services.ts';

export function revocationSubmit(services: Services) {
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const outcome = await submitRevocation(services.deps, { userId: body.user.id, privateMetadata: view.private_metadata, values: view.state.values as Parameters<typeof submitRevocation>[1]['values'] });
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'done') services.answered(outcome.requestId);
  };
}
