import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { submitFollowUp } from '../../flows/incidents/follow-ups.ts';
import { submitPostmortem } from '../../flows/incidents/postmortem.ts';
import { submitReport } from '../../flows/incidents/report.ts';
import { submitResolution } from '../../flows/incidents/resolution.ts';
import type { Services } from '../../services.ts';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
// The flows check the values' shape themselves: Bolt's type for them is only what Slack promises.
function input(body: Args['body'], view: Args['view']): { userId: string; privateMetadata: string; values: unknown } {
  return { userId: body.user.id, privateMetadata: view.private_metadata, values: view.state.values };
}

/** A new incident logged in Slack: recorded, then the modal closes, then the channel post and on-call. */
export function reportSubmit(services: Services) {
  return async ({ ack, body, view, logger }: Args): Promise<void> => {
    const outcome = await submitReport(services.deps, { ...input(body, view), viewId: view.id });
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'duplicate') return;
    logger.info('incident logged in Slack', { incident: outcome.number, user: body.user.id });
    services.incidentChanged();
  };
}

export function resolutionSubmit(services: Services) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const outcome = await submitResolution(services.deps, input(body, view));
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'signed') {
      services.answered(outcome.requestId);
      services.incidentChanged();
    }
  };
}

export function postmortemSubmit(services: Services) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const outcome = await submitPostmortem(services.deps, input(body, view));
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'signed') services.answered(outcome.requestId);
  };
}

export function followUpSubmit(services: Services) {
  return async ({ ack, body, view }: Args): Promise<void> => {
    const outcome = await submitFollowUp(services.deps, input(body, view));
    if (outcome.kind === 'errors') return void (await ack({ response_action: 'errors', errors: outcome.errors }));
    await ack();
    if (outcome.kind === 'done') services.answered(outcome.requestId);
  };
}
