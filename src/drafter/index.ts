import type { Logger } from '../logger.ts';
import { NO_KEY_REASON } from '../anthropic/tool-call.ts';
import { AnthropicDrafter } from './anthropic.ts';
import { templateDraft } from './template.ts';
import type { Drafter } from './types.ts';

export type { Drafter, PostmortemDraft, PostmortemInput } from './types.ts';

export interface DrafterOptions {
  /** ANTHROPIC_API_KEY; without it every draft comes from the template. */
  apiKey?: string;
  model: string;
  baseURL?: string;
  logger: Logger;
  maxRetries?: number;
  timeoutMs?: number;
  deadlineMs?: number;
}

export { NO_KEY_REASON };

/** The postmortem drafter: the Anthropic model when a key is configured, the template otherwise. */
export function createDrafter(options: DrafterOptions): Drafter {
  const { apiKey, ...rest } = options;
  if (!apiKey) return { draftPostmortem: async (input) => templateDraft(input, NO_KEY_REASON) };
  return new AnthropicDrafter({ apiKey, ...rest });
}
