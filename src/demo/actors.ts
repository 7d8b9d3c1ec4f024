import type { Bot } from '../bot.ts';
import type { SlackDouble, SlackDriver } from '../slack-double/index.ts';
import { ACK_IDS } from '../../views/acknowledgment.ts';
import { REVIEW_IDS } from '../../views/access-review.ts';
import { openActionId } from '../../views/requests.ts';
import { REVOCATION_IDS } from '../../views/revocation.ts';
import { openFromDm, waitFor } from './slack-ui.ts';

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

  /** Opens the request's modal from the person's DM, as they would. */
  private openFromDm(userId: string, requestId: string, callbackId: string) {
    return openFromDm(this.double, this.driver(), userId, requestId, callbackId);
  }

  /** A reviewer pages through a review, marks the named accounts Revoke, and signs. */
  async review(userId: string, system: string, choices: ReviewChoices): Promise<void> {
    const requestId = this.bot().db.prepare("SELECT id FROM requests WHERE kind = 'access-review' AND assignee = ? AND json_extract(payload, '$.system') = ? AND state != 'answered'").pluck().get(userId, system) as string | undefined;
    if (!requestId) throw new Error(`${userId} has no ${system} review`);
    let view = await this.openFromDm(userId, requestId, REVIEW_IDS.callbackId);
    const pending = new Set(choices.revoke ?? []);
    for (;;) {
      for (const block of view.blocks as { block_id?: string; text?: { text?: string } }[]) {
        const email = [...pending].find((label) => block.text?.text?.startsWith(`*${label}*`));
        if (!email || !block.block_id) continue;
        await this.driver().blockActions(userId, {
          container: { type: 'view', view_id: view.id },
          view,
          actions: [{ type: 'static_select', action_id: REVIEW_IDS.decisionAction, block_id: block.block_id, selected_option: { text: { type: 'plain_text', text: 'Revoke' }, value: 'revoke' }, action_ts: '1.0' }],
        });
        pending.delete(email);
      }
      const hasNext = JSON.stringify(view.blocks).includes(REVIEW_IDS.nextAction);
      if (pending.size === 0 || !hasNext) break;
      const hash = view.hash;
      await this.driver().clickButton(userId, { viewId: view.id }, REVIEW_IDS.nextAction);
      const id = view.id;
      view = await waitFor(() => {
        const current = this.double.view(id);
        return current && current.hash !== hash ? current : undefined;
      });
    }
    if (pending.size > 0) throw new Error(`accounts not found in the review: ${[...pending].join(', ')}`);
    await this.driver().submitView(userId, view.id, {
      [REVIEW_IDS.attestBlock]: { [REVIEW_IDS.attestAction]: { type: 'checkboxes', selected_options: [{ value: 'attest' }] } },
      [REVIEW_IDS.commentBlock]: { [REVIEW_IDS.commentAction]: { type: 'plain_text_input', value: choices.comment ?? '' } },
    });
  }

  /** The system owner marks a revoked account removed. */
  async markRemoved(userId: string, accountLabel: string, note: string): Promise<void> {
    const requestId = this.bot().db.prepare("SELECT request_id FROM revocations WHERE account_label = ? AND state = 'open'").pluck().get(accountLabel) as string | undefined;
    if (!requestId) throw new Error(`no open revocation for ${accountLabel}`);
    const view = await this.openFromDm(userId, requestId, REVOCATION_IDS.callbackId);
    await this.driver().submitView(userId, view.id, {
      [REVOCATION_IDS.noteBlock]: { [REVOCATION_IDS.noteAction]: { type: 'plain_text_input', value: note } },
      [REVOCATION_IDS.linkBlock]: { [REVOCATION_IDS.linkAction]: { type: 'url_text_input', value: null } },
      [REVOCATION_IDS.confirmBlock]: { [REVOCATION_IDS.confirmAction]: { type: 'checkboxes', selected_options: [{ value: 'removed' }] } },
    });
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

export interface ReviewChoices {
  revoke?: string[];
  comment?: string;
}
