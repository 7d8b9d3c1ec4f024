import type { Bot } from '../bot.ts';
import { HOUR, type ManualClock } from '../clock.ts';
import type { SlackDouble, SlackDriver } from '../slack-double/index.ts';
import type { DemoActors } from './actors.ts';
import { DEMO_CHANNEL } from './workspace.ts';

/** What a demo scenario acts with: the bot, Slack (double and driver), the people, and time. */
export interface DemoContext {
  bot: Bot;
  double: SlackDouble;
  driver: () => SlackDriver;
  actors: DemoActors;
  clock: ManualClock;
  out: string;
  say(text: string): void;
  /** Moves the clock an hour at a time, waking the bot each hour as node-cron would each minute. */
  passHours(hours: number): Promise<void>;
}

export function demoContext(input: Omit<DemoContext, 'say' | 'passHours'>): DemoContext {
  const { clock, bot } = input;
  const say = (text: string): void => console.log(`${clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC  ${text}`);
  const passHours = async (hours: number): Promise<void> => {
    for (let hour = 0; hour < hours; hour += 1) {
      clock.advance(HOUR);
      const result = await bot.services.tick();
      const s = result.sweep;
      // The daily ledger checkpoint, the revocation check and the weekly gap digest are routine; the narrative shows what people see.
      const shown = result.schedules.filter((name) => name !== 'ledger checkpoint' && name !== 'revocation check' && name !== 'gap digest');
      if (s.asked + s.reminded + s.escalatedToManager + s.escalatedToChannel === 0 && shown.length === 0) continue;
      const parts = shown.map((name) => `ran "${name}"`);
      if (s.asked) parts.push(`${s.asked} DM(s) asked`);
      if (s.reminded) parts.push(`${s.reminded} reminder(s)`);
      if (s.escalatedToManager) parts.push(`${s.escalatedToManager} escalated to a manager`);
      if (s.escalatedToChannel) parts.push(`${s.escalatedToChannel} escalated to #${DEMO_CHANNEL.name}`);
      say(`bot: ${parts.join(', ')}`);
    }
  };
  return { ...input, say, passHours };
}
