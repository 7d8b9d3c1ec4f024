import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { BodyTooLargeError, readBody } from '../http/read-body.ts';

export interface WebhookReply {
  status: number;
  body: Record<string, unknown>;
}

/** A source's handler gets the raw bytes: signatures are computed over them, not over parsed JSON. */
export type WebhookHandler = (request: { body: Buffer; headers: IncomingHttpHeaders }) => Promise<WebhookReply>;

export const WEBHOOK_BODY_LIMIT = 1_048_576;

/** `/webhooks/:source`, mounted as a Bolt custom route in both HTTP and Socket Mode. */
export class Webhooks {
  private readonly handlers = new Map<string, WebhookHandler>();

  constructor(private readonly logger: Logger) {}

  register(source: string, handler: WebhookHandler): void {
    this.handlers.set(source, handler);
  }

  route(): CustomRoute {
    return {
      path: '/webhooks/:source',
      method: ['POST'],
      handler: (req, res) => {
        const source = String((req.params as Record<string, string> | undefined)?.source ?? '');
        void this.handle(source, req, res);
      },
    };
  }

  private async handle(source: string, req: Parameters<CustomRoute['handler']>[0], res: ServerResponse): Promise<void> {
    const handler = this.handlers.get(source);
    if (!handler) return reply(res, { status: 404, body: { ok: false, error: `no webhook named ${JSON.stringify(source.slice(0, 40))}` } });
    let body: Buffer;
    try {
      body = await readBody(req, WEBHOOK_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return reply(res, { status: 413, body: { ok: false, error: error.message } });
      return reply(res, { status: 400, body: { ok: false, error: 'could not read the request body' } });
    }
    try {
      reply(res, await handler({ body, headers: req.headers }));
    } catch (error) {
      this.logger.error('webhook handler failed', { source }, error);
      reply(res, { status: 500, body: { ok: false, error: 'internal error; the sender should retry' } });
    }
  }
}

function reply(res: ServerResponse, result: WebhookReply): void {
  res.writeHead(result.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(result.body));
}
