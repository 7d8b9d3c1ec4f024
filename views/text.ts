import type { MrkdwnElement, PlainTextElement } from '@slack/types';

/** Cuts text to Slack's limit, marking the cut, so a long name never gets a view rejected. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Escapes the three characters Slack's mrkdwn treats as markup, so text a person typed (or an
 * incident title) cannot become <!channel> or a forged link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A message's top-level text, which Slack shows in notifications and parses as mrkdwn like block
 * text: escaped the same way, so an incident title cannot ping <!channel> from a notification.
 */
export function fallbackText(text: string): string {
  return truncate(escapeMrkdwn(text), 3000);
}

export function plain(text: string, max = 3000): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function mrkdwn(text: string, max = 3000): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

/** Slack renders <!date^…> in each reader's own time zone, with a fallback for old clients. */
export function slackDate(iso: string, format = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(new Date(iso).getTime() / 1000);
  return `<!date^${seconds}^${format}|${iso.slice(0, 16).replace('T', ' ')} UTC>`;
}
