import type { AllMiddlewareArgs, AnyMiddlewareArgs } from '@slack/bolt';
import { formNotHandledModal } from '../../views/acknowledgment.ts';

type Args = AnyMiddlewareArgs & AllMiddlewareArgs;

/** "view_submission callback_id "x"": what arrived, for the log line; IDs cut short, as anyone holding the secret chose them. */
function describe(body: Record<string, unknown>): string {
  const id = (value: unknown) => JSON.stringify(String(value).slice(0, 80));
  const view = body.view as { callback_id?: unknown } | undefined;
  const actions = body.actions as { action_id?: unknown }[] | undefined;
  if (body.type === undefined && typeof body.command === 'string') return `slash command ${id(body.command)}`;
  if (view?.callback_id !== undefined) return `${String(body.type)} callback_id ${id(view.callback_id)}`;
  if (Array.isArray(actions)) return `${String(body.type)} action_id ${actions.length > 0 ? id(actions[0]?.action_id) : '(none)'}`;
  if (body.callback_id !== undefined) return `${String(body.type)} callback_id ${id(body.callback_id)}`;
  return `a payload of type ${id(body.type ?? 'none')}`;
}

/**
 * A request no route answers: a button on a message an older version sent, a form or command
 * this app no longer has, a shortcut it never had. Bolt would leave it unacked and answer 404
 * after 3 s, logging only that something went unacknowledged. It is acked at once instead,
 * with words where Slack shows them (a submitted form is replaced by one saying nothing was
 * recorded, a command answers privately), and the log names it.
 */
export async function answerUnrouted(args: Args): Promise<void> {
  const body = args.body as Record<string, unknown>;
  args.logger.warn(`a Slack request no route answers: ${describe(body)}`);
  // Events are acked by Bolt before any middleware runs.
  if (!('ack' in args) || typeof args.ack !== 'function') return;
  const ack = args.ack as (response?: unknown) => Promise<void>;
  if (body.type === 'view_submission') return ack({ response_action: 'update', view: formNotHandledModal() });
  if (body.type === undefined && typeof body.command === 'string') return ack({ response_type: 'ephemeral', text: `evidence-bot does not answer ${String(body.command).slice(0, 40)}. Try \`/evidence help\`.` });
  return ack();
}
