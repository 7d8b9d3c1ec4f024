import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { evidenceCommand } from './evidence.ts';

export const COMMANDS = ['/evidence'] as const;

export function registerCommands(app: App, services: Services): void {
  app.command('/evidence', evidenceCommand(services));
}
