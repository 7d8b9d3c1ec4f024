import type { Routes } from '../router.ts';
import type { Services } from '../../services.ts';
import { evidenceCommand } from './evidence.ts';

export const COMMANDS = ['/evidence'] as const;

export function commandRoutes(services: Services): Routes['commands'] {
  return { '/evidence': evidenceCommand(services) };
}
