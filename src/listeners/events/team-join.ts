import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { startAcknowledgments } from '../../flows/acknowledgments/campaign.ts';
import { periodFor } from '../../flows/acknowledgments/model.ts';
import type { Services } from '../../services.ts';

type Args = SlackEventMiddlewareArgs<'team_join'> & AllMiddlewareArgs;

/** A new member joined the workspace: their onboarding checklist learns who they are, and they are asked for the policy acknowledgments right away. */
export function teamJoin(services: Services) {
  return async ({ event, logger }: Args): Promise<void> => {
    const { settings, clock } = services.deps;
    const user = event.user as { id: string; is_bot?: boolean; is_restricted?: boolean; is_ultra_restricted?: boolean };
    if (user.is_bot || user.is_restricted || user.is_ultra_restricted) return;
    if (settings.acknowledgments.newHires && (settings.policies.length > 0 || settings.acknowledgments.training)) {
      await startAcknowledgments(services.deps, { period: periodFor(clock.now(), settings.timezone), userIds: [user.id], reason: 'new workspace member' }).catch((error: unknown) =>
        logger.error('could not ask a new member for acknowledgments', { user: user.id }, error),
      );
      void services.tick();
    }
    // A new hire whose onboarding checklist waited for their Slack account.
    await services.lifecycle.memberJoined(user.id).catch((error: unknown) => logger.error('could not match a new member to an onboarding checklist', { user: user.id }, error));
  };
}
