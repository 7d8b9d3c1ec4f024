import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { issuesText, type Parsed } from '../anthropic/tool-call.ts';
import { ACTION_ITEM_LIMIT, TEXT_LIMIT, plainText } from './limits.ts';
import { TOOL_NAME } from './prompt.ts';
import type { PostmortemDraft } from './types.ts';

type DraftText = Omit<PostmortemDraft, 'generatedBy' | 'fallbackReason'>;

const text = (description: string) => ({ type: 'string', maxLength: TEXT_LIMIT, description });

/** The only way the model may answer: the draft's text fields and its action items, nothing structural. */
export const SUBMIT_POSTMORTEM: Anthropic.Tool = {
  name: TOOL_NAME,
  description: 'Submit the postmortem draft. Every field is plain text that the owner will edit before signing.',
  input_schema: {
    type: 'object',
    properties: {
      summary: text('Two to four sentences: what happened, to which service, when, and for how long.'),
      impact: text('Who and what was affected, and for how long, as the record states it.'),
      timeline: text('Key moments in time order, one per line, as "YYYY-MM-DD HH:MM UTC — event".'),
      root_cause: text('The cause, as the signed resolution states it.'),
      resolution: text('What was done to restore service.'),
      what_went_well: text('What helped detection, diagnosis and recovery, from the record; say what the owner should confirm.'),
      what_went_wrong: text('What slowed detection, diagnosis or recovery, from the record; say what the owner should confirm.'),
      action_items: {
        type: 'array',
        maxItems: ACTION_ITEM_LIMIT,
        description: 'Every follow-up in the record; others only where the record directly supports them.',
        items: {
          type: 'object',
          properties: {
            description: text('The action, in one or two sentences.'),
            owner: { type: ['string', 'null'], description: 'The owner as the record names them, or null.' },
          },
          required: ['description', 'owner'],
          additionalProperties: false,
        },
      },
    },
    required: ['summary', 'impact', 'timeline', 'root_cause', 'resolution', 'what_went_well', 'what_went_wrong', 'action_items'],
    additionalProperties: false,
  },
};

const field = z.string().trim().min(1, 'must not be empty').transform((value) => plainText(value));

// Unknown keys are dropped, not kept: whatever else the model sends never reaches the draft.
const toolInput = z.object({
  summary: field,
  impact: field,
  timeline: field,
  root_cause: field,
  resolution: field,
  what_went_well: field,
  what_went_wrong: field,
  action_items: z
    .array(
      z.object({
        description: field,
        owner: z
          .string()
          .nullish()
          .transform((owner) => (owner ? plainText(owner) || null : null)),
      }),
    )
    // Extra items are cut rather than refused: the rest of the draft is still worth having.
    .transform((items) => items.slice(0, ACTION_ITEM_LIMIT)),
});

/** The draft's text from the model's tool input, or what was wrong with it (paths and kinds, never the values). */
export function parseToolInput(input: unknown): Parsed<DraftText> {
  const parsed = toolInput.safeParse(input);
  if (!parsed.success) return { ok: false, problem: issuesText(parsed.error.issues) };
  const value = parsed.data;
  return {
    ok: true,
    value: {
      summary: value.summary,
      impact: value.impact,
      timeline: value.timeline,
      rootCause: value.root_cause,
      resolution: value.resolution,
      whatWentWell: value.what_went_well,
      whatWentWrong: value.what_went_wrong,
      actionItems: value.action_items,
    },
  };
}
