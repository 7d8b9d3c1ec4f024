import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/** One scripted answer to POST /v1/messages, in the Messages API's own wire format. */
export type ScriptedAnswer =
  | { kind: 'tool_use'; input: unknown; name?: string }
  | { kind: 'text'; text: string }
  | { kind: 'error'; status: number; type: string; message: string; headers?: Record<string, string> }
  | { kind: 'delayed'; ms: number; answer: ScriptedAnswer };

export interface RecordedMessagesRequest {
  method: string;
  path: string;
  /** The key as received, from x-api-key or from `Authorization: Bearer` (the header SDK 1.x sends it in). */
  apiKey: string | undefined;
  /** Which header carried the key. */
  keyHeader: 'x-api-key' | 'authorization' | null;
  anthropicVersion: string | undefined;
  /** x-stainless-retry-count: which retry the SDK says this is. */
  retryCount: string | undefined;
  body: MessagesRequestBody;
  /** The raw JSON text, for checks on what was sent byte for byte. */
  rawBody: string;
  /** performance.now() at arrival, to measure the SDK's waits between attempts. */
  receivedAt: number;
  /** The request-id header the double answered with. */
  requestId: string;
}

export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  system?: string;
  messages: { role: string; content: string }[];
  tools?: { name: string; description?: string; input_schema: unknown }[];
  tool_choice?: { type: string; name?: string };
  [field: string]: unknown;
}

export const toolAnswer = (input: unknown, name = 'submit_postmortem'): ScriptedAnswer => ({ kind: 'tool_use', input, name });
export const textAnswer = (text: string): ScriptedAnswer => ({ kind: 'text', text });
export const delayed = (ms: number, answer: ScriptedAnswer): ScriptedAnswer => ({ kind: 'delayed', ms, answer });
/** 429 as the API sends it: retry-after in whole seconds; retry-after-ms only when a test wants it. */
export const rateLimited = (headers: Record<string, string> = { 'retry-after': '1' }): ScriptedAnswer => ({
  kind: 'error',
  status: 429,
  type: 'rate_limit_error',
  message: 'Number of request tokens has exceeded your per-minute rate limit.',
  headers,
});
export const overloaded = (headers: Record<string, string> = {}): ScriptedAnswer => ({ kind: 'error', status: 529, type: 'overloaded_error', message: 'Overloaded', headers });
export const serverError = (): ScriptedAnswer => ({ kind: 'error', status: 500, type: 'api_error', message: 'Internal server error' });

let sequence = 0;

/**
 * The Messages API endpoint the drafter and the mapping check call, as the API answers: a key (x-api-key or Bearer) and
 * anthropic-version required, request-id on every answer, `{ type: 'error', error: { type, message } }` bodies.
 * Answers are scripted per call, in order; an unscripted call gets a 400 that the SDK does not retry.
 */
export class AnthropicDouble {
  readonly requests: RecordedMessagesRequest[] = [];
  private readonly script: ScriptedAnswer[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private port = 0;

  private constructor(
    private readonly server: Server,
    readonly apiKey: string,
  ) {}

  static async start(options: { apiKey?: string } = {}): Promise<AnthropicDouble> {
    const server = createServer();
    const double = new AnthropicDouble(server, options.apiKey ?? 'test-anthropic-key-0123456789');
    server.on('request', (req, res) => {
      void readBody(req).then((rawBody) => {
        const answer = double.answer(req, rawBody);
        const send = (final: Answer) => {
          if (res.destroyed) return;
          res.writeHead(final.status, { 'content-type': 'application/json', 'request-id': final.requestId, ...final.headers }).end(JSON.stringify(final.body));
        };
        if (answer.delayMs === 0) return send(answer);
        const timer = setTimeout(() => {
          double.timers.delete(timer);
          send(answer);
        }, answer.delayMs);
        double.timers.add(timer);
        // A client that gave up must not leave the timer holding the answer.
        res.on('close', () => {
          clearTimeout(timer);
          double.timers.delete(timer);
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    double.port = (server.address() as AddressInfo).port;
    return double;
  }

  /** The SDK's baseURL: it appends /v1/messages itself. */
  get baseURL(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  answerNext(answer: ScriptedAnswer, times = 1): void {
    for (let i = 0; i < times; i += 1) this.script.push(answer);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private answer(req: IncomingMessage, rawBody: string): Answer {
    const body = parseJson(rawBody);
    const key = keyOf(req);
    const recorded: RecordedMessagesRequest = {
      method: req.method ?? '',
      path: new URL(req.url ?? '/', this.baseURL).pathname,
      apiKey: key?.value,
      keyHeader: key?.header ?? null,
      anthropicVersion: headerOf(req, 'anthropic-version'),
      retryCount: headerOf(req, 'x-stainless-retry-count'),
      body: body ?? ({} as MessagesRequestBody),
      rawBody,
      receivedAt: performance.now(),
      requestId: '',
    };
    this.requests.push(recorded);
    const answer = this.refusal(recorded, body) ?? this.next(body);
    recorded.requestId = answer.requestId;
    return answer;
  }

  /** What the API would refuse before any model sees the request. */
  private refusal(request: RecordedMessagesRequest, body: MessagesRequestBody | undefined): Answer | null {
    if (request.method !== 'POST' || request.path !== '/v1/messages') return error(404, 'not_found_error', 'Not found');
    if (request.apiKey !== this.apiKey) return error(401, 'authentication_error', 'invalid x-api-key');
    if (!request.anthropicVersion) return error(400, 'invalid_request_error', 'anthropic-version: header is required');
    const problem = body ? invalidRequest(body) : 'request body is not valid JSON';
    return problem ? error(400, 'invalid_request_error', problem) : null;
  }

  private next(body: MessagesRequestBody | undefined): Answer {
    const scripted = this.script.shift();
    if (!scripted) return error(400, 'invalid_request_error', 'the double has no answer scripted for this call');
    return render(scripted, body ?? ({} as MessagesRequestBody));
  }
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  requestId: string;
  delayMs: number;
}

function render(scripted: ScriptedAnswer, request: MessagesRequestBody): Answer {
  if (scripted.kind === 'delayed') return { ...render(scripted.answer, request), delayMs: scripted.ms };
  if (scripted.kind === 'error') return error(scripted.status, scripted.type, scripted.message, scripted.headers);
  const requestId = nextRequestId();
  const content = scripted.kind === 'text' ? [{ type: 'text', text: scripted.text }] : [{ type: 'tool_use', id: `toolu_${requestId}`, name: scripted.name ?? 'submit_postmortem', input: scripted.input }];
  return { status: 200, headers: {}, requestId, delayMs: 0, body: message(request, requestId, content, scripted.kind === 'text' ? 'end_turn' : 'tool_use') };
}

function message(request: MessagesRequestBody, requestId: string, content: unknown[], stopReason: string) {
  return {
    id: `msg_${requestId}`,
    type: 'message',
    role: 'assistant',
    model: request.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: Math.ceil(JSON.stringify(request).length / 4), output_tokens: Math.ceil(JSON.stringify(content).length / 4) },
  };
}

/** The checks the API itself makes on the fields the drafter sends. */
function invalidRequest(body: MessagesRequestBody): string | null {
  if (typeof body.model !== 'string' || body.model === '') return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  if (body.tool_choice?.type === 'tool' && !body.tools?.some((tool) => tool.name === body.tool_choice?.name)) return `tool_choice: tool '${body.tool_choice.name}' not found in tools`;
  return null;
}

function error(status: number, type: string, message: string, headers: Record<string, string> = {}): Answer {
  const requestId = nextRequestId();
  return { status, headers, requestId, delayMs: 0, body: { type: 'error', error: { type, message }, request_id: requestId } };
}

function nextRequestId(): string {
  sequence += 1;
  return `req_double_${String(sequence).padStart(6, '0')}`;
}

function parseJson(text: string): MessagesRequestBody | undefined {
  try {
    return JSON.parse(text) as MessagesRequestBody;
  } catch {
    return undefined;
  }
}

/** The API takes the key in x-api-key (as documented) or as a Bearer token; x-api-key wins when both come. */
function keyOf(req: IncomingMessage): { value: string; header: 'x-api-key' | 'authorization' } | null {
  const apiKey = headerOf(req, 'x-api-key');
  if (apiKey) return { value: apiKey, header: 'x-api-key' };
  const bearer = /^Bearer (.+)$/.exec(headerOf(req, 'authorization') ?? '');
  return bearer ? { value: bearer[1]!, header: 'authorization' } : null;
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
