import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { submitAttestation, submitStep } from '../../flows/lifecycle/submit.ts';
import type { Services } from '../../services.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type Values = Parameters<typeof submitStep>[1]['values'];

/** A checklist step marked done or not applicable: recorded in SQLite, then the modal closes, then the checklist moves on. */
export function checklistStepSubmit(services: Services) {
  return async ({ ack, body, view, logger }: Args): Promise<void> => {
    const outcome = await submitStep(services.deps, { userId: body.user.id, privateMetadata: view.private_metadata, values: view.state.values as Values });
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'signed') {
      logger.info('checklist step signed', { requestId: outcome.requestId, checklistId: outcome.checklistId });
      services.answered(outcome.requestId);
      services.lifecycle.kick();
    }
  };
}

/** The manager's final attestation: refused while an account remains; otherwise the checklist is filed. */
export function checklistAttestSubmit(services: Services) {
  return async ({ ack, body, view, logger }: Args): Promise<void> => {
    const outcome = await submitAttestation(services.deps, { userId: body.user.id, privateMetadata: view.private_metadata, values: view.state.values as Values });
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'signed') {
      logger.info('checklist attested', { requestId: outcome.requestId, checklistId: outcome.checklistId });
      services.answered(outcome.requestId);
      services.lifecycle.kick();
    }
  };
}
