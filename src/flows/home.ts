import { openRequestsFor } from '../store/requests.ts';
import { homeView } from '../../views/home.ts';
import type { FlowDeps } from './deps.ts';
import { buildStatus } from './status.ts';

export function isAdmin(deps: Pick<FlowDeps, 'settings'>, userId: string): boolean {
  return deps.settings.admins.includes(userId);
}

/** Publishes a person's App Home: their open requests, and the dashboard if they are an admin. */
export async function publishHome(deps: FlowDeps, userId: string, upcoming: { name: string; at: string; controls: string[] }[]): Promise<void> {
  const waiting = openRequestsFor(deps.db, userId).map((request) => ({
    id: request.id,
    title: request.title,
    askedAt: request.asked_at,
    dueAt: request.due_at,
    buttonLabel: deps.kinds.has(request.kind) ? deps.kinds.get(request.kind).buttonLabel : 'Open',
  }));
  const status = isAdmin(deps, userId) ? buildStatus({ ...deps, upcoming }) : null;
  await deps.slack.publishHome(userId, homeView({ waiting, status, now: deps.clock.now().toISOString() }));
}
