import Anthropic from '@anthropic-ai/sdk';
import type { Logger } from '../logger.ts';
import { describeFailure } from './failure.ts';
import { SYSTEM_PROMPT, TOOL_NAME, userMessage } from './prompt.ts';
import { templateDraft } from './template.ts';
import { SUBMIT_POSTMORTEM, parseToolInput } from './tool.ts';
import type { Drafter, PostmortemDraft, PostmortemInput } from './types.ts';

export interface AnthropicDrafterOptions {
  apiKey: string;
  /** e.g. claude-sonnet-4-5; recorded in each draft's generatedBy. */
  model: string;
  /** Default https://api.anthropic.com. */
  baseURL?: string;
  /** Retries the SDK makes on 408, 409, 429, 5xx (529 included), connection errors and timeouts (default 3). */
  maxRetries?: number;
  /** Per attempt, not per draft (default 60 s). */
  timeoutMs?: number;
  /**
   * For the whole call, retries and their waits included (default 5 min). The SDK honours any
   * retry-after the API sends, however long, so without this one answer could hold a draft for hours.
   */
  deadlineMs?: number;
  logger: Logger;
}

const DEFAULT_BASE_URL = 'https://api.anthropic.com';
// Seven fields of up to 2,900 characters and ten items fit in about 8k tokens; a cut-off answer fails validation.
const MAX_TOKENS = 8_192;

/** Drafts with the Anthropic Messages API through a forced tool call; falls back to the template whenever that fails. */
export class AnthropicDrafter implements Drafter {
  private readonly client: Anthropic;
  private readonly model: string;
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly logger: Logger;

  constructor(options: AnthropicDrafterOptions) {
    this.model = options.model;
    this.maxRetries = options.maxRetries ?? 3;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.deadlineMs = options.deadlineMs ?? 5 * 60_000;
    this.logger = options.logger;
    this.client = new Anthropic({
      apiKey: options.apiKey,
      // Always explicit, so the SDK never picks a base URL up from the environment on its own.
      baseURL: options.baseURL ?? DEFAULT_BASE_URL,
      maxRetries: this.maxRetries,
      timeout: this.timeoutMs,
      logger: options.logger,
    });
  }

  async draftPostmortem(input: PostmortemInput): Promise<PostmortemDraft> {
    let message: Anthropic.Message & { _request_id?: string | null };
    try {
      message = await this.client.messages.create(
        {
          model: this.model,
          max_tokens: MAX_TOKENS,
          system: SYSTEM_PROMPT,
          messages: [{ role: 'user', content: userMessage(input) }],
          tools: [SUBMIT_POSTMORTEM],
          tool_choice: { type: 'tool', name: TOOL_NAME, disable_parallel_tool_use: true },
        },
        { signal: AbortSignal.timeout(this.deadlineMs) },
      );
    } catch (error) {
      const failure = describeFailure(error, { maxRetries: this.maxRetries, timeoutMs: this.timeoutMs, deadlineMs: this.deadlineMs });
      if (failure.unexpected) this.logger.error('postmortem draft: Anthropic API call failed unexpectedly', { model: this.model, incident: input.incident.number }, error);
      return this.fallback(input, failure.reason, failure.requestId);
    }

    const requestId = message._request_id ?? null;
    const call = message.content.find((block): block is Anthropic.ToolUseBlock => block.type === 'tool_use' && block.name === TOOL_NAME);
    if (!call) return this.fallback(input, `the model answered without calling ${TOOL_NAME} (stop_reason: ${message.stop_reason ?? 'none'})`, requestId);
    const parsed = parseToolInput(call.input);
    if (!parsed.ok) return this.fallback(input, `the model's ${TOOL_NAME} input was invalid (stop_reason: ${message.stop_reason ?? 'none'}): ${parsed.problem}`, requestId);

    this.logger.info('postmortem drafted by the model', { model: this.model, requestId, incident: input.incident.number });
    // Set here, after the model's fields: nothing it sends can claim another origin.
    return { ...parsed.draft, generatedBy: `anthropic:${this.model}`, fallbackReason: null };
  }

  private fallback(input: PostmortemInput, reason: string, requestId: string | null): PostmortemDraft {
    this.logger.warn('postmortem drafted from the template instead of the model', { model: this.model, requestId, incident: input.incident.number, fallbackReason: reason });
    return templateDraft(input, reason);
  }
}
