import { createHash } from 'node:crypto';
import { isObject } from './block-kit-elements.ts';
import type { SlackDouble } from './server.ts';
import { TEAM_DOMAIN } from './workspace.ts';

/**
 * Pieces of the payloads Slack sends to the app's Request URL (interaction payload and Events
 * API references), built from what the double knows about users, messages and views.
 */

/** Slack's deprecated verification token; still present in every payload, checked by nobody. */
export const VERIFICATION_TOKEN = 'legacy-verification-token';

export function teamOf(teamId: string): { id: string; domain: string } {
  return { id: teamId, domain: TEAM_DOMAIN };
}

export function userOf(double: SlackDouble, userId: string, teamId: string): { id: string; username: string; name: string; team_id: string } {
  const name = double.user(userId)?.name ?? userId.toLowerCase();
  return { id: userId, username: name, name, team_id: teamId };
}

export interface FoundAction {
  element: Record<string, unknown>;
  blockId: string;
}

/** The element with `actionId` in actions blocks, section accessories and input elements. */
export function findAction(blocks: unknown, actionId: string): FoundAction | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const [index, block] of blocks.entries()) {
    if (!isObject(block)) continue;
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
    const element = candidates.find((candidate) => isObject(candidate) && candidate.action_id === actionId);
    if (isObject(element)) return { element, blockId: typeof block.block_id === 'string' ? block.block_id : generatedBlockId(index) };
  }
  return undefined;
}

/** Slack fills in a short random block_id when the app gave none; this one is stable per position. */
function generatedBlockId(index: number): string {
  return createHash('sha1').update(`block-${index}`).digest('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 5);
}

/** `action_ts` looks like a message ts: seconds and microseconds. */
export function actionTs(nowSeconds: number): string {
  return `${nowSeconds}.${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}`;
}

export function buttonAction(found: FoundAction, value: string | undefined, nowSeconds: number): Record<string, unknown> {
  const { element } = found;
  return {
    type: 'button',
    action_id: element.action_id,
    block_id: found.blockId,
    text: element.text,
    ...(value !== undefined ? { value } : {}),
    ...(element.style !== undefined ? { style: element.style } : {}),
    action_ts: actionTs(nowSeconds),
  };
}

/** The Events API envelope around one event. */
export function eventEnvelope(event: Record<string, unknown>, ids: { teamId: string; apiAppId: string; botUserId: string }, nowSeconds: number): Record<string, unknown> {
  const eventId = `Ev${createHash('sha1').update(`${nowSeconds}-${Math.random()}`).digest('hex').slice(0, 10).toUpperCase()}`;
  return {
    token: VERIFICATION_TOKEN,
    team_id: ids.teamId,
    api_app_id: ids.apiAppId,
    event: { event_ts: actionTs(nowSeconds), ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSeconds,
    authorizations: [{ enterprise_id: null, team_id: ids.teamId, user_id: ids.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString('base64')}`,
  };
}
