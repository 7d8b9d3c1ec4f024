import type { HomeView, KnownBlock } from '@slack/types';
import type { StatusReport } from '../src/flows/status.ts';
import { openActionId } from './requests.ts';
import { statusBlocks } from './status.ts';
import { escapeMrkdwn, mrkdwn, plain, slackDate } from './text.ts';

export interface WaitingItem {
  id: string;
  title: string;
  askedAt: string | null;
  dueAt: string | null;
  buttonLabel: string;
}

const MAX_WAITING = 30;

/** App Home: what is waiting for this person first, then (for admins) the evidence dashboard. */
export function homeView(input: { waiting: WaitingItem[]; status: StatusReport | null; now: string }): HomeView {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('What is waiting for you', 150) }];
  if (input.waiting.length === 0) {
    blocks.push({ type: 'section', text: mrkdwn(':white_check_mark: Nothing. Thank you.') });
  }
  for (const item of input.waiting.slice(0, MAX_WAITING)) {
    const overdue = item.dueAt !== null && item.dueAt < input.now;
    blocks.push({
      type: 'section',
      block_id: `home.waiting.${item.id}`,
      text: mrkdwn(`${overdue ? ':large_orange_circle: *Overdue.* ' : ''}*${escapeMrkdwn(item.title)}*\nAsked ${item.askedAt ? slackDate(item.askedAt) : 'just now'}`),
      accessory: { type: 'button', action_id: openActionId(item.id), text: plain(item.buttonLabel, 75), value: item.id },
    });
  }
  if (input.waiting.length > MAX_WAITING) blocks.push({ type: 'context', elements: [mrkdwn(`…and ${input.waiting.length - MAX_WAITING} more.`)] });
  if (input.status) {
    blocks.push({ type: 'divider' }, ...statusBlocks(input.status));
  }
  return { type: 'home', blocks };
}
