import type { SlackDouble, SlackDriver } from '../slack-double/index.ts';
import type { OpenView } from '../slack-double/types.ts';
import { openActionId } from '../../views/requests.ts';

/** Waits for something the bot does after its ack (a modal, a request row) to show up. */
export async function waitFor<T>(find: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the demo waited too long for Slack to show a view');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Presses a button (the request's own, or another such as "Not applicable") in the person's latest DM about the request, as they would, and waits for its modal. */
export async function openFromDm(double: SlackDouble, driver: SlackDriver, userId: string, requestId: string, callbackId: string, actionId = openActionId(requestId)): Promise<OpenView> {
  const dm = double
    .messages(double.dmChannel(userId))
    .filter((message) => JSON.stringify(message.blocks ?? []).includes(openActionId(requestId)))
    .at(-1);
  if (!dm) throw new Error(`no DM with a button for request ${requestId}`);
  const before = new Set(double.views().map((view) => view.id));
  await driver.clickButton(userId, { channel: dm.channel, ts: dm.ts }, actionId);
  return waitFor(() => double.views().find((view) => view.callback_id === callbackId && !before.has(view.id)));
}
