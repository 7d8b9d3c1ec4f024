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

function matches(matcher: IdMatcher, id: string): boolean {
  return typeof matcher === 'string' ? matcher === id : matcher.test(id);
}

type ActionArgs<A extends BlockElementAction> = SlackActionMiddlewareArgs<BlockAction<A>> & AllMiddlewareArgs;

export interface ActionRoute {
  actionId: IdMatcher;
  handle: (args: ActionArgs<BlockElementAction>) => Promise<void>;
}

/** A block action's handler; the action ID decides the element type, as with Bolt's own `app.action<A>()`. */
export function actionRoute<A extends BlockElementAction>(actionId: IdMatcher, handle: (args: ActionArgs<A>) => Promise<void>): ActionRoute {
  return { actionId, handle: handle as unknown as ActionRoute['handle'] };
}

export function routeActions(app: App, routes: readonly ActionRoute[]): void {
  app.action<BlockAction>({ type: 'block_actions', action_id: anyOf(routes.map((r) => r.actionId)) }, async (args) => {
    await routes.find((r) => matches(r.actionId, args.action.action_id))?.handle(args);
  });
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

export interface EventRoute {
  type: string;
  handle: (args: EventArgs<string>) => Promise<void>;
}

/** An Events API handler; the event type decides the event's shape, as with Bolt's own `app.event(type)`. */
export function eventRoute<E extends string>(type: E, handle: (args: EventArgs<E>) => Promise<void>): EventRoute {
  return { type, handle: handle as unknown as EventRoute['handle'] };
}

export function routeEvents(app: App, routes: readonly EventRoute[]): void {
  const byType = new Map(routes.map((r) => [r.type, r.handle]));
  app.event(anyOf(routes.map((r) => r.type)), async (args) => {
    await byType.get(args.event.type)?.(args);
  });
}
