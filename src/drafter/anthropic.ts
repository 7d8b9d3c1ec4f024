import { ForcedToolCall, type ToolCallOptions } from '../anthropic/tool-call.ts';
import { SYSTEM_PROMPT, userMessage } from './prompt.ts';
import { templateDraft } from './template.ts';
import { SUBMIT_POSTMORTEM, parseToolInput } from './tool.ts';
import type { Drafter, PostmortemDraft, PostmortemInput } from './types.ts';

/** `model` (e.g. claude-sonnet-5-5) is recorded in each draft's generatedBy. */
export type AnthropicDrafterOptions = ToolCallOptions;

// Seven fields of up to 2,900 characters and ten items fit in about 8k tokens; a cut-off answer fails validation.
const MAX_TOKENS = 8_192;

/** Drafts with the Anthropic Messages API through a forced tool call; falls back to the template whenever that fails. */
export class AnthropicDrafter implements Drafter {
  private readonly calls: ForcedToolCall;
  private readonly options: AnthropicDrafterOptions;

  constructor(options: AnthropicDrafterOptions) {
    this.options = options;
    this.calls = new ForcedToolCall(options);
  }

  async draftPostmortem(input: PostmortemInput): Promise<PostmortemDraft> {
    const { model, logger } = this.options;
    const result = await this.calls.call({ system: SYSTEM_PROMPT, user: userMessage(input), tool: SUBMIT_POSTMORTEM, maxTokens: MAX_TOKENS, parse: parseToolInput, purpose: 'a draft' });
    if (!result.ok) {
      if (result.unexpected !== undefined) logger.error('postmortem draft: Anthropic API call failed unexpectedly', { model, incident: input.incident.number }, result.unexpected);
      logger.warn('postmortem drafted from the template instead of the model', { model, requestId: result.requestId, incident: input.incident.number, fallbackReason: result.reason });
      return templateDraft(input, result.reason);
    }
    logger.info('postmortem drafted by the model', { model, requestId: result.requestId, incident: input.incident.number });
    // Set here, after the model's fields: nothing it sends can claim another origin.
    return { ...result.value, generatedBy: `anthropic:${model}`, fallbackReason: null };
  }
}
