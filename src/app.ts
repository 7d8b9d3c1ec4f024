import { App, HTTPReceiver, UnknownError } from '@slack/bolt';
import type { Logger } from './logger.ts';
import { healthRoute } from './http/health.ts';
import { slackErrorHandler } from './http/slack-payload-check.ts';
import { routes } from './listeners/index.ts';
import { installRoutes } from './listeners/router.ts';
import type { Services } from './services.ts';
import type { Webhooks } from './webhooks/registry.ts';

export interface AppOptions {
  services: Services;
  webhooks: Webhooks;
  logger: Logger;
  botToken: string;
  /** HTTP mode needs it; Socket Mode does not. */
  signingSecret?: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** From a start-up auth.test: with them Bolt skips auth.test on every request. */
  botId: string;
  botUserId: string;
  slackApiUrl?: string;
  /** Where custom routes listen in Socket Mode (HTTP mode listens where `start` says). */
  port?: number;
}

/** Slack's request bodies are small; anything near this is an attack, not a modal. */
export const SLACK_BODY_LIMIT = 1_048_576;

/** Builds the Bolt app: listeners, `/healthz` and `/webhooks/:source`, in HTTP or Socket Mode. */
export function createApp(options: AppOptions): App {
  const { services, webhooks, logger } = options;
  const customRoutes = [healthRoute(services.deps.db), webhooks.route()];
  const common = {
    token: options.botToken,
    botId: options.botId,
    botUserId: options.botUserId,
    tokenVerificationEnabled: false,
    // No listener reads Bolt's conversation store: skip its per-request lookup.
    convoStore: false as const,
    logger,
    clientOptions: options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {},
  };
  let app: App;
  if (options.appToken) {
    app = new App({ ...common, appToken: options.appToken, socketMode: true, customRoutes, installerOptions: { port: options.port ?? 3000 } });
  } else {
    if (!options.signingSecret) throw new Error('HTTP mode needs SLACK_SIGNING_SECRET');
    const receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: '/slack/events',
      customRoutes,
      logger,
      processBeforeResponse: false,
      bodyLimit: SLACK_BODY_LIMIT,
      processEventErrorHandler: slackErrorHandler(logger),
    });
    app = new App({ ...common, receiver });
  }
  // Every Slack request marks the traffic, so filing waits for a lull (see Traffic).
  installRoutes(app, routes(services), () => services.traffic.mark());
  // Rethrown: a handler that resolves tells Bolt the error was dealt with, so the receiver never
  // answers and Slack gets Bolt's 404 after 3 s. Rethrown, it reaches slackErrorHandler, which
  // answers at once (400 for a malformed payload, 500 with a reference it logs). Bolt wraps an
  // error without a code (a TypeError) in UnknownError, whose stack is Bolt's own.
  app.error(async (error) => {
    const original = error instanceof UnknownError ? error.original : error;
    // Socket Mode's receiver logs only the message: the stack is logged here.
    if (options.appToken) logger.error('unhandled error in a Slack listener', original);
    throw original;
  });
  return app;
}
