import type { App } from '@slack/bolt';
import type { Services } from '../services.ts';
import { registerActions } from './actions/index.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { registerShortcuts } from './shortcuts/index.ts';
import { registerViews } from './views/index.ts';

export function registerListeners(app: App, services: Services): void {
  registerCommands(app, services);
  registerActions(app, services);
  registerViews(app, services);
  registerEvents(app, services);
  registerShortcuts(app, services);
}
