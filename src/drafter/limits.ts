import { plainText as cleanText } from '../anthropic/plain-text.ts';

/** Slack modal text inputs hold 3,000 characters; the margin leaves room for the owner's first edits. */
export const TEXT_LIMIT = 2_900;
export const ACTION_ITEM_LIMIT = 10;

/** Text fit for a draft field: no control or bidi characters, trimmed, cut to `limit` UTF-16 units with an ellipsis. */
export function plainText(value: string, limit = TEXT_LIMIT): string {
  return cleanText(value, limit);
}
