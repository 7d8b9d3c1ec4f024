import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { openReport } from '../../flows/incidents/report.ts';
import type { Services } from '../../services.ts';
import { isRepeatedAction } from '../errors.ts';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** "Log as incident" on a message: the form opens with the message as the title. */
export function logIncidentShortcut(services: Services) {
  return async ({ ack, shortcut, logger }: Args): Promise<void> => {
    await ack();
    const text = (shortcut.message as { text?: string }).text ?? '';
    await openReport(services.deps, { triggerId: shortcut.trigger_id, title: text.replace(/\s+/g, ' ').trim(), channel: shortcut.channel.id, messageTs: shortcut.message_ts }).catch((error: unknown) => {
      if (isRepeatedAction(error)) return logger.info('a repeated shortcut: its form is already open', { user: shortcut.user.id });
      logger.error('could not open the incident form', { user: shortcut.user.id }, error);
    });
  };
}
