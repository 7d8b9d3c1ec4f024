import type { Routes } from '../router.ts';
import type { Services } from '../../services.ts';
import { INCIDENT_IDS } from '../../../views/incident.ts';
import { logIncidentShortcut } from './log-incident.ts';

export const SHORTCUTS = [INCIDENT_IDS.logShortcut] as const;

export function shortcutRoutes(services: Services): Routes['shortcuts'] {
  return { [INCIDENT_IDS.logShortcut]: logIncidentShortcut(services) };
}
