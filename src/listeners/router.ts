import type {
  AllMiddlewareArgs,
  AnyMiddlewareArgs,
  App,
  BlockAction,
  BlockElementAction,
  MessageShortcut,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcutMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewClosedAction,
  ViewSubmitAction,
} from '@slack/bolt';
import { answerUnrouted } from './unrouted.ts';

/*
 * Bolt runs the middleware chain of every registered listener for every request, matching or
 * not, each step on a fresh copy of the arguments. With one listener per button and modal
 * (nineteen), that dispatch cost more than the work of most acks; with one listener per kind
 * of payload (six) it still cost a third of bare Bolt's whole ack. So there is no Bolt listener
 * at all: one global middleware picks the handler from the tables below by the payload's type
 * and ID, and answers anything else at once (./unrouted.ts).
 */

/** An ID matched exactly (a string) or by pattern. */
export type IdMatcher = string | RegExp;

/** A handler and the ID it answers to: an action ID or an event type. */
export interface Route<Args> {
  id: IdMatcher;
  handle: (args: Args) => Promise<void>;
}

/**
 * A route whose handler expects a narrower payload than the router passes; the ID decides the
 * payload's shape, as with Bolt's own `app.action<A>()` and `app.event(type)`.
 */
function narrowed<Wide, Narrow>(id: IdMatcher, handle: (args: Narrow) => Promise<void>): Route<Wide> {
  return { id, handle: handle as unknown as (args: Wide) => Promise<void> };
}

type Bound = () => Promise<void>;

/** The first route matching `id`, bound to the request's arguments. */
function firstMatch<Args>(routes: readonly Route<Args>[], id: string, args: unknown): Bound | null {
  const route = routes.find((r) => (typeof r.id === 'string' ? r.id === id : r.id.test(id)));
  return route ? () => route.handle(args as Args) : null;
}

/** The handler a table holds for `key` (its own, so "__proto__" is no key), bound to the arguments. */
function entry<Args>(table: Readonly<Record<string, (args: Args) => Promise<void>>>, key: string, args: unknown): Bound | null {
  return Object.hasOwn(table, key) ? () => table[key]!(args as Args) : null;
}

type ActionArgs<A extends BlockElementAction> = SlackActionMiddlewareArgs<BlockAction<A>> & AllMiddlewareArgs;
type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ClosedArgs = SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs;
type EventArgs<E extends string> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;
type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

export function actionRoute<A extends BlockElementAction>(actionId: IdMatcher, handle: (args: ActionArgs<A>) => Promise<void>): Route<ActionArgs<BlockElementAction>> {
  return narrowed(actionId, handle);
}

export function eventRoute<E extends string>(type: E, handle: (args: EventArgs<E>) => Promise<void>): Route<EventArgs<string>> {
  return narrowed(type, handle);
}

export interface ViewRoutes {
  /** By callback ID. */
  submissions: Readonly<Record<string, (args: SubmitArgs) => Promise<void>>>;
  /** By callback ID, for modals opened with `notify_on_close`. */
  closings: Readonly<Record<string, (args: ClosedArgs) => Promise<void>>>;
}

/** Every handler the app has, by the payload's type and ID. */
export interface Routes {
  /** By command name (`/evidence`). */
  commands: Readonly<Record<string, (args: CommandArgs) => Promise<void>>>;
  /** Block actions, by action ID: the first route that matches handles it. */
  actions: readonly Route<ActionArgs<BlockElementAction>>[];
  views: ViewRoutes;
  /** Events API events, by event type. */
  events: readonly Route<EventArgs<string>>[];
  /** Message shortcuts, by callback ID. */
  shortcuts: Readonly<Record<string, (args: ShortcutArgs) => Promise<void>>>;
}

/** The handler for a request, already bound to its arguments, or null when none answers to it. */
function handlerFor(routes: Routes, args: AnyMiddlewareArgs & AllMiddlewareArgs): Bound | null {
  const body = args.body as { type?: string; command?: string; callback_id?: string };
  if (body.type === undefined && typeof body.command === 'string') return entry(routes.commands, body.command, args);
  switch (body.type) {
    case 'block_actions': {
      const action = (args as ActionArgs<BlockElementAction>).action;
      return action ? firstMatch(routes.actions, action.action_id, args) : null;
    }
    case 'view_submission':
      return entry(routes.views.submissions, (args as SubmitArgs).view.callback_id, args);
    case 'view_closed': {
      const closed = args as ClosedArgs;
      const callbackId = closed.view.callback_id;
      // A closing nobody listens to is only a notification, for a modal of ours: ack it and move on.
      return entry(routes.views.closings, callbackId, args) ?? (Object.hasOwn(routes.views.submissions, callbackId) ? () => closed.ack() : null);
    }
    case 'event_callback':
      return firstMatch(routes.events, (args as EventArgs<string>).event.type, args);
    case 'message_action':
      return entry(routes.shortcuts, body.callback_id ?? '', args);
    default:
      return null;
  }
}

/**
 * Installs the routes as one global middleware. `onRequest` runs first for every request Bolt
 * has verified, matched or not.
 */
export function installRoutes(app: App, routes: Routes, onRequest: () => void = () => undefined): void {
  app.use(async (args) => {
    onRequest();
    const handle = handlerFor(routes, args);
    if (handle) await handle();
    else await answerUnrouted(args);
  });
}
