import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { publishHome } from '../../flows/home.ts';
import type { Services } from '../../services.ts';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

export function appHomeOpened(services: Services) {
  return async ({ event, logger }: Args): Promise<void> => {
    if (event.tab !== 'home') return;
    await publishHome(services.deps, event.user, services.scheduler.upcoming()).catch((error: unknown) => logger.warn('could not publish App Home', { user: event.user }, error));
  };
}
