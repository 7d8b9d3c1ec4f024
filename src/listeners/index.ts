import type { Services } from '../services.ts';
import { actionRoutes } from './actions/index.ts';
import { commandRoutes } from './commands/index.ts';
import { eventRoutes } from './events/index.ts';
import type { Routes } from './router.ts';
import { shortcutRoutes } from './shortcuts/index.ts';
import { viewRoutes } from './views/index.ts';

/** Every command, button, modal, event and shortcut the app answers, and its handler. */
export function routes(services: Services): Routes {
  return { commands: commandRoutes(services), actions: actionRoutes(services), views: viewRoutes(services), events: eventRoutes(services), shortcuts: shortcutRoutes(services) };
}
