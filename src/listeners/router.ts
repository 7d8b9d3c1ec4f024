import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  BlockElementAction,
  SlackActionMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewClosedAction,
  ViewSubmitAction,
} from '@slack/bolt';

/*
 * Bolt runs the middleware chain of every registered listener for every request, matching or
 * not. With one listener per button and modal (nineteen), that dispatch cost more than the
 * work of most acks: bare Bolt answering one command with 30 idle listeners beside it serves
 * half the requests a second it serves alone. So each kind of payload gets one Bolt listener,
 * whose constraint is the union of the IDs below (anything else stays unmatched, as before),
 * and picks its handler here.
 */

/** An ID matched exactly (a string) or by pattern. */
export type IdMatcher = string | RegExp;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function anyOf(matchers: readonly IdMatcher[]): RegExp {
  return new RegExp(matchers.map((m) => (typeof m === 'string' ? `^${escape(m)}$` : `(?:${m.source})`)).join('|'));
}

/** A handler and the ID it answers to: an action ID or an event type. */
export interface Route<Args> {
  id: IdMatcher;
  handle: (args: Args) => Promise<void>;
}

/**
 * A route whose handler expects a narrower payload than the listener receives; the ID decides
 * the payload's shape, as with Bolt's own `app.action<A>()` and `app.event(type)`.
 */
function narrowed<Wide, Narrow>(id: IdMatcher, handle: (args: Narrow) => Promise<void>): Route<Wide> {
  return { id, handle: handle as unknown as (args: Wide) => Promise<void> };
}

async function dispatch<Args>(routes: readonly Route<Args>[], id: string, args: Args): Promise<void> {
  await routes.find((r) => (typeof r.id === 'string' ? r.id === id : r.id.test(id)))?.handle(args);
}

type ActionArgs<A extends BlockElementAction> = SlackActionMiddlewareArgs<BlockAction<A>> & AllMiddlewareArgs;

export function actionRoute<A extends BlockElementAction>(actionId: IdMatcher, handle: (args: ActionArgs<A>) => Promise<void>): Route<ActionArgs<BlockElementAction>> {
  return narrowed(actionId, handle);
}

export function routeActions(app: App, routes: readonly Route<ActionArgs<BlockElementAction>>[]): void {
  app.action<BlockAction>({ type: 'block_actions', action_id: anyOf(routes.map((r) => r.id)) }, (args) => dispatch(routes, args.action.action_id, args));
}

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;
type ClosedArgs = SlackViewMiddlewareArgs<ViewClosedAction> & AllMiddlewareArgs;

export interface ViewRoutes {
  /** By callback ID. */
  submissions: Readonly<Record<string, (args: SubmitArgs) => Promise<void>>>;
  /** By callback ID, for modals opened with `notify_on_close`. */
  closings: Readonly<Record<string, (args: ClosedArgs) => Promise<void>>>;
}

function isSubmission(args: SlackViewMiddlewareArgs & AllMiddlewareArgs): args is SubmitArgs {
  return args.body.type === 'view_submission';
}

export function routeViews(app: App, routes: ViewRoutes): void {
  const callbackIds = [...new Set([...Object.keys(routes.submissions), ...Object.keys(routes.closings)])];
  app.view({ callback_id: anyOf(callbackIds) }, async (args) => {
    const callbackId = args.view.callback_id;
    if (isSubmission(args)) {
      // A submission of a modal that only has a closing handler stays unacked, as an unmatched one would.
      if (Object.hasOwn(routes.submissions, callbackId)) await routes.submissions[callbackId]!(args);
      return;
    }
    const closed = args as ClosedArgs;
    // A closing nobody listens to is only a notification: ack it and move on.
    if (Object.hasOwn(routes.closings, callbackId)) await routes.closings[callbackId]!(closed);
    else await closed.ack();
  });
}

type EventArgs<E extends string> = SlackEventMiddlewareArgs<E> & AllMiddlewareArgs;

export function eventRoute<E extends string>(type: E, handle: (args: EventArgs<E>) => Promise<void>): Route<EventArgs<string>> {
  return narrowed(type, handle);
}

export function routeEvents(app: App, routes: readonly Route<EventArgs<string>>[]): void {
  app.event(anyOf(routes.map((r) => r.id)), (args) => dispatch(routes, args.event.type, args));
}
