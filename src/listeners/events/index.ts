import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { teamJoin } from './team-join.ts';

export const EVENTS = ['app_home_opened', 'team_join'] as const;

export function registerEvents(app: App, services: Services): void {
  app.event('app_home_opened', appHomeOpened(services));
  app.event('team_join', teamJoin(services));
}
