import { SlackApiError, required, text, type Args, type Method } from '../api-error.ts';
import { isObject } from '../block-kit-elements.ts';
import { checkView } from '../block-kit-limits.ts';
import type { OpenView } from '../types.ts';
import { MAX_STACK, materialize } from '../view-stacks.ts';
import type { Workspace } from '../workspace.ts';

/** The `view` argument, valid for the method's surface, or invalid_arguments naming each problem. */
function readView(args: Args, type: 'modal' | 'home'): Record<string, unknown> {
  const view = args.view;
  if (view === undefined) throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: view']);
  if (!isObject(view)) throw new SlackApiError('invalid_arguments', ['[ERROR] must provide an object [json-pointer:/view]']);
  const problems = checkView(view);
  if (view.type !== type && problems.every((problem) => !problem.includes('/view/type]'))) problems.unshift('[ERROR] must be a valid enum value [json-pointer:/view/type]');
  if (problems.length > 0) throw new SlackApiError('invalid_arguments', problems);
  return view;
}

function triggerOf(args: Args): string {
  const trigger = text(args, 'trigger_id') ?? text(args, 'interactivity_pointer');
  if (!trigger) throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
  return trigger;
}

function refuseDuplicateExternalId(ws: Workspace, view: Record<string, unknown>, except?: string): void {
  const externalId = typeof view.external_id === 'string' && view.external_id !== '' ? view.external_id : undefined;
  if (externalId === undefined) return;
  const holder = ws.views.byExternalId(externalId) ?? [...ws.homes.values()].find((home) => home.external_id === externalId);
  if (holder && holder.id !== except) throw new SlackApiError('duplicate_external_id');
}

function checkHash(args: Args, current: OpenView): void {
  const hash = text(args, 'hash');
  if (hash !== undefined && hash !== current.hash) throw new SlackApiError('hash_conflict');
}

const open: Method = (ws, args) => {
  const view = readView(args, 'modal');
  const trigger = triggerOf(args);
  refuseDuplicateExternalId(ws, view);
  ws.checkTrigger(trigger);
  ws.useTrigger(trigger);
  return { view: ws.views.openRoot(view) };
};

const push: Method = (ws, args) => {
  const view = readView(args, 'modal');
  const trigger = triggerOf(args);
  refuseDuplicateExternalId(ws, view);
  const context = ws.checkTrigger(trigger);
  // views.push needs "a valid trigger_id generated from an interaction within the existing modal".
  const from = context.viewId !== undefined && ws.views.get(context.viewId) ? context.viewId : undefined;
  if (!from) throw new SlackApiError('not_found');
  if (ws.views.depth(from) >= MAX_STACK) throw new SlackApiError('push_limit_reached');
  ws.useTrigger(trigger);
  return { view: ws.views.push(from, view) };
};

const update: Method = (ws, args) => {
  const viewId = text(args, 'view_id');
  const externalId = text(args, 'external_id');
  if (viewId === undefined && externalId === undefined) throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: view_id or external_id']);
  const modal = viewId !== undefined ? ws.views.get(viewId) : ws.views.byExternalId(externalId ?? '');
  const home = modal ? undefined : [...ws.homes.entries()].find(([, candidate]) => (viewId !== undefined ? candidate.id === viewId : candidate.external_id === externalId));
  const current = modal ?? home?.[1];
  if (!current) throw new SlackApiError('not_found');
  const view = readView(args, current.type === 'home' ? 'home' : 'modal');
  refuseDuplicateExternalId(ws, view, current.id);
  checkHash(args, current);
  if (modal) return { view: ws.views.replace(modal.id, view) };
  const [userId] = home ?? [''];
  const replaced = materialize(view, { id: current.id, hash: ws.newHash(), root_view_id: current.id, previous_view_id: null }, ws.ids);
  ws.homes.set(userId, replaced);
  return { view: replaced };
};

const publish: Method = (ws, args) => {
  const userId = required(args, 'user_id');
  if (!ws.users.has(userId)) throw new SlackApiError('invalid_arguments', ['invalid `user_id`']);
  const view = readView(args, 'home');
  const current = ws.homes.get(userId);
  refuseDuplicateExternalId(ws, view, current?.id);
  if (current) checkHash(args, current);
  // A user's Home tab keeps its view ID across publishes; only the hash moves on.
  const id = current?.id ?? ws.newId('V');
  const published = materialize(view, { id, hash: ws.newHash(), root_view_id: id, previous_view_id: null }, ws.ids);
  ws.homes.set(userId, published);
  return { view: published };
};

export const viewMethods: Record<string, Method> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
  'views.publish': publish,
};
