import type { Bot } from '../bot.ts';
import type { SlackDouble, SlackDriver } from '../slack-double/index.ts';
import { ACK_IDS } from '../../views/acknowledgment.ts';
import { openActionId } from '../../views/requests.ts';

/** What the people in the demo do in Slack, through the driver, exactly as Slack would send it. */
export class DemoActors {
  constructor(
    private readonly double: SlackDouble,
    private readonly driver: () => SlackDriver,
    private readonly bot: () => Bot,
  ) {}

  openRequestFor(userId: string): string | undefined {
    return this.bot().db.prepare("SELECT id FROM requests WHERE assignee = ? AND state IN ('open', 'escalated') ORDER BY created_at LIMIT 1").pluck().get(userId) as string | undefined;
  }

  async waitForRequest(userId: string): Promise<string> {
    return waitFor(() => this.openRequestFor(userId));
  }

  /** Presses the button in the person's latest DM about the request and answers the modal. */
  async acknowledge(userId: string, options: { tickTraining?: boolean } = {}): Promise<string[]> {
    const requestId = this.openRequestFor(userId);
    if (!requestId) throw new Error(`${userId} has nothing to acknowledge`);
    const dm = this.double
      .messages(this.double.dmChannel(userId))
      .filter((message) => JSON.stringify(message.blocks ?? []).includes(openActionId(requestId)))
      .at(-1);
    if (!dm) throw new Error(`no DM with a button for request ${requestId}`);
    await this.driver().clickButton(userId, { channel: dm.channel, ts: dm.ts }, openActionId(requestId));
    const view = await waitFor(() => this.double.views().find((v) => v.callback_id === ACK_IDS.callbackId && v.private_metadata.includes(requestId)));
    const policies = this.double
      .view(view.id)!
      .blocks.flatMap((block) => ((block as { element?: { action_id?: string; options?: { value: string }[] } }).element?.action_id === ACK_IDS.policiesAction ? ((block as { element: { options: { value: string }[] } }).element.options ?? []) : []));
    const values: Record<string, Record<string, unknown>> = {
      [`${ACK_IDS.policiesBlockPrefix}0`]: { [ACK_IDS.policiesAction]: { type: 'checkboxes', selected_options: policies.map((option) => ({ value: option.value })) } },
      [ACK_IDS.trainingBlock]: { [ACK_IDS.trainingAction]: { type: 'checkboxes', selected_options: options.tickTraining === false ? [] : [{ value: 'training@2026' }] } },
    };
    const reply = await this.driver().submitView(userId, view.id, values);
    const errors = (reply.json as { errors?: Record<string, string> } | undefined)?.errors;
    return errors ? Object.values(errors) : [];
  }
}

async function waitFor<T>(find: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the demo waited too long for Slack to show a view');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
