import type { App } from '@slack/bolt';
import type { Services } from '../../services.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { logIncidentShortcut } from './log-incident.ts';

export const SHORTCUTS = [INCIDENT_IDS.logShortcut] as const;

export function registerShortcuts(app: App, services: Services): void {
  app.shortcut({ callback_id: INCIDENT_IDS.logShortcut, type: 'message_action' }, logIncidentShortcut(services));
}
