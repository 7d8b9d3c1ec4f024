import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { plainText } from '../../../anthropic/plain-text.ts';
import { issuesText, type Parsed } from '../../../anthropic/tool-call.ts';

export const TOOL_NAME = 'submit_mapping_opinion';
export const MODEL_VERDICTS = ['supports', 'partially', 'does_not_support'] as const;
export type ModelVerdict = (typeof MODEL_VERDICTS)[number];

const EXPLANATION_LIMIT = 1_000;
const MISSING_ITEMS = 5;
const MISSING_ITEM_LIMIT = 200;

export interface Opinion {
  verdict: ModelVerdict;
  explanation: string;
  missing: string[];
}

/** The only way the model may answer: a verdict from a fixed set, and plain text beside it. */
export const SUBMIT_MAPPING_OPINION: Anthropic.Tool = {
  name: TOOL_NAME,
  description: 'Submit your opinion on whether this kind of evidence artifact supports the criterion it is filed under.',
  input_schema: {
    type: 'object',
    properties: {
      verdict: {
        type: 'string',
        enum: [...MODEL_VERDICTS],
        description: 'supports: an auditor would accept it as evidence that the criterion\'s control operated. partially: relevant, but not enough on its own. does_not_support: not evidence for this criterion.',
      },
      explanation: { type: 'string', maxLength: EXPLANATION_LIMIT, description: 'Two to four plain sentences: why, citing what the criterion asks and what the samples contain.' },
      missing: {
        type: 'array',
        maxItems: MISSING_ITEMS,
        items: { type: 'string', maxLength: MISSING_ITEM_LIMIT },
        description: 'What the evidence would need to support the criterion fully, one short item each; empty when nothing is missing.',
      },
    },
    required: ['verdict', 'explanation', 'missing'],
    additionalProperties: false,
  },
};

// Unknown keys are dropped: nothing else the model sends reaches the report.
const toolInput = z.object({
  verdict: z.enum(MODEL_VERDICTS),
  explanation: z.string().trim().min(1, 'must not be empty').transform((text) => plainText(text, EXPLANATION_LIMIT)),
  missing: z
    .array(z.string())
    .transform((items) => items.map((item) => plainText(item, MISSING_ITEM_LIMIT)).filter(Boolean).slice(0, MISSING_ITEMS)),
});

/** The opinion from the model's tool input, or what was wrong with it (paths and kinds, never the values). */
export function parseOpinion(input: unknown): Parsed<Opinion> {
  const parsed = toolInput.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: issuesText(parsed.error.issues) };
}
