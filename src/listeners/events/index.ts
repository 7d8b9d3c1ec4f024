import { eventRoute, type Routes } from '../router.ts';
import type { Services } from '../../services.ts';
import { appHomeOpened } from './app-home-opened.ts';
import { teamJoin } from './team-join.ts';

export const EVENTS = ['app_home_opened', 'team_join'] as const;

export function eventRoutes(services: Services): Routes['events'] {
  return [eventRoute('app_home_opened', appHomeOpened(services)), eventRoute('team_join', teamJoin(services))];
}
