import type { App } from '@slack/bolt';
import { eventRoute, routeEvents } from '../router.ts';
import type { Services } from '../../services.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { teamJoin } from './team-join.ts';

export const EVENTS = ['app_home_opened', 'team_join'] as const;

export function registerEvents(app: App, services: Services): void {
  routeEvents(app, [eventRoute('app_home_opened', appHomeOpened(services)), eventRoute('team_join', teamJoin(services))]);
}
