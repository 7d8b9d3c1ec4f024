import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from '../logger.ts';
import { describeFailure } from './failure.ts';

export interface ToolCallOptions {
  apiKey: string;
  model: string;
  /** Default https://api.anthropic.com. */
  baseURL?: string;
  /** Retries the SDK makes on 408, 409, 429, 5xx (529 included), connection errors and timeouts (default 3). */
  maxRetries?: number;
  /** Per attempt, not per call (default 60 s). */
  timeoutMs?: number;
  /**
   * For the whole call, retries and their waits included (default 5 min). The SDK honours any
   * retry-after the API sends, however long, so without this one answer could hold a call for hours.
   */
  deadlineMs?: number;
  logger: Logger;
}

/** What the caller's validator makes of the tool input: the value, or what is wrong with it (paths and kinds, never the values). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export type ToolCallResult<T> =
  | { ok: true; value: T; requestId: string | null }
  /**
   * `api`: the call itself failed (after the SDK's retries): later calls are likely to fail too.
   * `answer`: the API answered, but not with a valid call of the tool.
   * `unexpected` carries the error when this code or the SDK failed, worth a log with its stack.
   */
  | { ok: false; failure: 'api' | 'answer'; reason: string; requestId: string | null; unexpected?: unknown };

export interface ForcedToolRequest<T> {
  /** Fixed text: nothing untrusted ever goes into it. */
  system: string;
  /** The user message; untrusted text only inside a data block (./data-block.ts). */
  user: string;
  tool: Anthropic.Tool;
  maxTokens: number;
  /** Validates the tool input, typically with a strict zod schema that drops unknown keys. */
  parse: (input: unknown) => Parsed<T>;
  /** What the call is for, in the deadline's failure sentence: "a draft", "a mapping opinion". */
  purpose: string;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * One Messages API call whose only possible answer is one call of one tool, validated before
 * anyone sees it. Failures are described, never thrown: callers fall back or record the reason.
 */
export class ForcedToolCall {
  readonly model: string;
  private readonly client: Anthropic;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;

  constructor(options: ToolCallOptions) {
    this.model = options.model;
    this.maxRetries = options.maxRetries ?? 3;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.deadlineMs = options.deadlineMs ?? 5 * 60_000;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      // Always explicit, so the SDK never picks a base URL up from the environment on its own.
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      maxRetries: this.maxRetries,
      timeout: this.timeoutMs,
      logger: options.logger,
    });
  }

  async call<T>(request: ForcedToolRequest<T>): Promise<ToolCallResult<T>> {
    const name = request.tool.name;
    let message: Anthropic.Message & { _request_id?: string | null };
    try {
      message = await this.client.messages.create(
        {
          model: this.model,
          max_tokens: request.maxTokens,
          system: request.system,
          messages: [{ role: 'user', content: request.user }],
          tools: [request.tool],
          tool_choice: { type: 'tool', name, disable_parallel_tool_use: true },
        },
        { signal: AbortSignal.timeout(this.deadlineMs) },
      );
    } catch (error) {
      const failure = describeFailure(error, { maxRetries: this.maxRetries, timeoutMs: this.timeoutMs, deadlineMs: this.deadlineMs, purpose: request.purpose });
      return { ok: false, failure: 'api', reason: failure.reason, requestId: failure.requestId, ...(failure.unexpected ? { unexpected: error } : {}) };
    }
    const requestId = message._request_id ?? null;
    const stop = message.stop_reason ?? 'none';
    const call = message.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use' && block.name === name);
    if (!call) return { ok: false, failure: 'answer', reason: `the model answered without calling ${name} (stop_reason: ${stop})`, requestId };
    const parsed = request.parse(call.input);
    if (!parsed.ok) return { ok: false, failure: 'answer', reason: `the model's ${name} input was invalid (stop_reason: ${stop}): ${parsed.problem}`, requestId };
    return { ok: true, value: parsed.value, requestId };
  }
}

/** Why the model was not asked at all. */
export const NO_KEY_REASON = 'no ANTHROPIC_API_KEY is configured';

/** The first few zod issues as "path: message", for a Parsed failure. */
export function issuesText(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || 'input'}: ${issue.message}`);
  const more = issues.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
