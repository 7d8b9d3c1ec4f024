import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { AuthorizationError, type HTTPModuleFunctions } from '@slack/bolt';
import type { Logger } from '../logger.ts';

type ErrorArgs = HTTPModuleFunctions.ReceiverProcessEventErrorHandlerArgs;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/**
 * What is missing from a signed body that Slack would never send like this, or null when it has
 * the shape Slack documents. Only Slack (or whoever holds the signing secret) gets this far.
 */
export function slackPayloadProblem(rawBody: Buffer | undefined): string | null {
  const text = rawBody?.toString('utf8') ?? '';
  let body: unknown;
  try {
    if (text.trimStart().startsWith('{')) body = JSON.parse(text);
    else {
      const form = new URLSearchParams(text);
      const payload = form.get('payload');
      body = payload === null ? Object.fromEntries(form) : JSON.parse(payload);
    }
  } catch {
    return 'the body is neither JSON nor a form with a JSON payload';
  }
  if (!isRecord(body)) return 'the body is not an object';
  if (isText(body.command)) return isText(body.user_id) ? null : 'a slash command without user_id';
  if (body.type === 'event_callback') return isRecord(body.event) && isText(body.event.type) ? null : 'an event callback without an event type';
  if (body.type === 'url_verification' || body.type === 'ssl_check') return null;
  if (!isText(body.type)) return 'no payload type';
  if (!isRecord(body.user) || !isText(body.user.id)) return `a ${body.type} payload without user.id`;
  if (body.type === 'view_submission' || body.type === 'view_closed') {
    if (!isRecord(body.view) || !isText(body.view.id) || !isText(body.view.callback_id)) return `a ${body.type} payload without view.id and view.callback_id`;
    if (body.type === 'view_submission' && (!isRecord(body.view.state) || !isRecord(body.view.state.values))) return 'a view_submission without view.state.values';
  }
  if (body.type === 'block_actions' && !Array.isArray(body.actions)) return 'a block_actions payload without actions';
  if ((body.type === 'shortcut' || body.type === 'message_action') && (!isText(body.callback_id) || !isText(body.trigger_id))) return `a ${body.type} payload without callback_id and trigger_id`;
  return null;
}

function reply(response: ServerResponse, status: number, body?: Record<string, unknown>): void {
  response.writeHead(status, body ? { 'content-type': 'application/json' } : {});
  response.end(body ? JSON.stringify(body) : undefined);
}

/**
 * Bolt's answer when processing a signed request throws before it is acked: a malformed payload
 * gets 400 with what is missing instead of a bare 500; anything else is logged with a reference
 * and answered 500, so Slack shows the person an error and nothing is half done.
 */
export function slackErrorHandler(logger: Logger) {
  return async ({ error, response, request }: ErrorArgs): Promise<boolean> => {
    if (response.headersSent) {
      logger.error('an error occurred after a Slack request was acked', {}, error);
      return false;
    }
    if (error instanceof AuthorizationError) {
      reply(response, 401);
      return true;
    }
    const problem = slackPayloadProblem((request as { rawBody?: Buffer }).rawBody);
    if (problem) {
      logger.warn('signed Slack request refused: malformed payload', { problem });
      reply(response, 400, { ok: false, error: `malformed payload: ${problem}` });
      return true;
    }
    const reference = randomBytes(4).toString('hex');
    logger.error('unhandled error while processing a Slack request', { reference }, error);
    reply(response, 500, { ok: false, error: `internal error (reference ${reference})` });
    // Answered: true stops Bolt's 3-second timer, which would otherwise log a missing ack.
    return true;
  };
}
