import { ForcedToolCall, NO_KEY_REASON, type ToolCallOptions } from '../../../anthropic/tool-call.ts';
import type { Logger } from '../../../logger.ts';
import type { Verdict } from '../rule-types.ts';
import { SYSTEM_PROMPT, userMessage, type PairCase } from './prompt.ts';
import { SUBMIT_MAPPING_OPINION, parseOpinion, type ModelVerdict, type Opinion } from './tool.ts';

export type { PairCase } from './prompt.ts';

/** What the model said about one pair, or why it was not asked or not heard. */
export type ModelOpinion = ({ consulted: true; agrees: boolean; requestId: string | null } & Opinion) | { consulted: false; reason: string };

export interface SecondReader {
  readonly model: string;
  opinion(input: PairCase): Promise<{ ok: true; opinion: Opinion; requestId: string | null } | { ok: false; apiFailed: boolean; reason: string }>;
}

// A verdict, two to four sentences and five short items fit well within this.
const MAX_TOKENS = 1_024;

/** The model as second reader: null without ANTHROPIC_API_KEY (the report then says so, with NO_KEY_REASON). */
export function createSecondReader(options: Omit<ToolCallOptions, 'apiKey'> & { apiKey?: string }): SecondReader | null {
  const { apiKey, ...rest } = options;
  if (!apiKey) return null;
  const calls = new ForcedToolCall({ apiKey, ...rest });
  return {
    model: options.model,
    async opinion(input) {
      const result = await calls.call({ system: SYSTEM_PROMPT, user: userMessage(input), tool: SUBMIT_MAPPING_OPINION, maxTokens: MAX_TOKENS, parse: parseOpinion, purpose: 'a mapping opinion' });
      if (result.ok) return { ok: true, opinion: result.value, requestId: result.requestId };
      if (result.unexpected !== undefined) options.logger.error('mapping check: Anthropic API call failed unexpectedly', { model: options.model, kind: input.pair.kind, control: input.pair.control }, result.unexpected);
      return { ok: false, apiFailed: result.failure === 'api', reason: result.reason };
    },
  };
}

export { NO_KEY_REASON };

const MATCHING: Record<Verdict, ModelVerdict> = { supported: 'supports', questionable: 'partially', 'not-supported': 'does_not_support' };

/**
 * Asks the model about each pair in turn. Its opinion sits beside the rules' verdict and never
 * replaces it. Once the API itself has failed (after the client's retries), the remaining pairs
 * are not asked: an overloaded or rate-limited API is not hammered once per pair.
 */
export async function consultAll(reader: SecondReader | null, cases: PairCase[], logger: Logger): Promise<ModelOpinion[]> {
  if (!reader) return cases.map(() => ({ consulted: false, reason: NO_KEY_REASON }));
  const opinions: ModelOpinion[] = [];
  let stopped: string | null = null;
  for (const input of cases) {
    if (stopped) {
      opinions.push({ consulted: false, reason: `not asked after the API failed for an earlier pair (${stopped})` });
      continue;
    }
    const answer = await reader.opinion(input);
    if (answer.ok) {
      opinions.push({ consulted: true, ...answer.opinion, agrees: answer.opinion.verdict === MATCHING[input.pair.verdict], requestId: answer.requestId });
      continue;
    }
    logger.warn('mapping check: model not consulted for a pair', { model: reader.model, kind: input.pair.kind, control: input.pair.control, reason: answer.reason });
    opinions.push({ consulted: false, reason: answer.reason });
    if (answer.apiFailed) stopped = answer.reason;
  }
  return opinions;
}
