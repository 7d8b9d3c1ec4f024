import { z } from 'zod';
import { DAMAGED_FORM } from '../requests.ts';

// The state Slack sends for each kind of input element; `type` and the rest are not read.
export const textInput = (maxLength: number) => z.object({ value: z.string().max(maxLength, `Keep this under ${maxLength.toLocaleString('en-US')} characters.`).nullish() });
export const staticSelect = z.object({ selected_option: z.object({ value: z.string().max(150) }).nullish() });
export const dateTimePicker = z.object({ selected_date_time: z.number().nullish() });
export const usersSelect = z.object({ selected_user: z.string().max(32).nullish() });

/** One input block with its one element; Slack may leave out a block it has no state for. */
export function inputBlock<State extends z.ZodType>(actionId: string, state: State) {
  return z.object({ [actionId]: state.optional() }).optional();
}

/** One element's state, whichever of the kinds above it is. */
export interface ElementState {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_date_time?: number | null;
  selected_user?: string | null;
}

/** A submitted form's values once checked: block ID → action ID → state. */
export type FormState = Readonly<Record<string, Readonly<Record<string, ElementState | undefined>> | undefined>>;

export type FormParse = { ok: true; state: FormState } | { ok: false; errors: Record<string, string> };

/** The state of the element `actionId` in block `blockId`, if the submission has it. */
export function elementState(state: FormState, blockId: string, actionId: string): ElementState | undefined {
  return state[blockId]?.[actionId];
}

/**
 * Checks a view's state.values against the form's blocks. A value of the wrong type (a number
 * where text belongs, a block that is not an object) is an error on the block that holds it,
 * which is one of the form's own; `fallbackBlock` takes the error when values is not an object.
 * `damaged` is what the person is told to do about it.
 */
export function parseFormValues(shape: z.ZodRawShape, values: unknown, fallbackBlock: string, damaged = DAMAGED_FORM): FormParse {
  const parsed = z.object(shape).safeParse(values, { error: () => damaged });
  // The shape is made of the element schemas above, whose outputs are all ElementState.
  if (parsed.success) return { ok: true, state: parsed.data as FormState };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const block = typeof issue.path[0] === 'string' && Object.hasOwn(shape, issue.path[0]) ? issue.path[0] : fallbackBlock;
    errors[block] ??= issue.message;
  }
  return { ok: false, errors };
}
