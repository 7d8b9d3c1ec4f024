import { z } from 'zod';
import { DomainError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { RequestRow } from '../../store/requests.ts';
import { ACK_IDS, acknowledgmentModal, notYoursModal, policyKey, requestClosedModal } from '../../../views/acknowledgment.ts';
import type { FlowDeps } from '../deps.ts';
import { AlreadyAnsweredError, DAMAGED_FORM, historyOf, markAnswered, requestForAnswer, requestIdOf } from '../requests.ts';
import { acknowledgmentArtifact, statementFor, type SignedAcknowledgment } from './artifact.ts';
import { modelOf, payloadOf } from './model.ts';

/** Opens the acknowledgment modal, or says plainly why not (not theirs, already signed). */
export async function openAcknowledgment(deps: FlowDeps, input: { request: RequestRow; userId: string; triggerId: string }): Promise<void> {
  const { request, userId, triggerId } = input;
  if (request.assignee !== userId) {
    await deps.slack.openView(triggerId, notYoursModal(request.assignee, request.title));
    return;
  }
  if (request.state === 'answered' || request.state === 'cancelled') {
    await deps.slack.openView(triggerId, requestClosedModal(request.title, request.state === 'answered' ? `already signed (${request.answered_at?.slice(0, 10)})` : 'cancelled'));
    return;
  }
  await deps.slack.openView(triggerId, acknowledgmentModal(modelOf(request)));
}

const checkboxState = z.object({ type: z.literal('checkboxes'), selected_options: z.array(z.object({ value: z.string() })).default([]) });
const valuesSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

export type SubmitOutcome = { kind: 'signed'; requestId: string } | { kind: 'duplicate'; requestId: string } | { kind: 'errors'; errors: Record<string, string> };

/**
 * Records a signed acknowledgment: checks it is the submitter's own open request and every box
 * is ticked, then, in one transaction, marks the request answered and queues its artifact.
 * Nothing slow happens here: it runs before the modal closes.
 */
export async function submitAcknowledgment(deps: FlowDeps, input: { userId: string; privateMetadata: string; values: unknown; viewId: string }): Promise<SubmitOutcome> {
  const { db, clock, directory, evidence, settings } = deps;
  // Errors must point at an input block that exists in the submitted view.
  const fallbackBlock = Object.keys((input.values ?? {}) as object)[0] ?? `${ACK_IDS.policiesBlockPrefix}0`;
  const requestId = requestIdOf(input.privateMetadata);
  if (!requestId) return { kind: 'errors', errors: { [fallbackBlock]: DAMAGED_FORM } };
  let request: RequestRow;
  try {
    request = requestForAnswer(db, requestId, input.userId);
  } catch (error) {
    if (error instanceof AlreadyAnsweredError && error.request.answered_by === input.userId) return { kind: 'duplicate', requestId: error.request.id };
    if (error instanceof DomainError) return { kind: 'errors', errors: { [fallbackBlock]: error.message } };
    throw error;
  }
  const payload = payloadOf(request);
  const values = valuesSchema.safeParse(input.values);
  const selected = new Set<string>();
  if (values.success) {
    for (const [blockId, actions] of Object.entries(values.data)) {
      if (!blockId.startsWith(ACK_IDS.policiesBlockPrefix) && blockId !== ACK_IDS.trainingBlock) continue;
      for (const state of Object.values(actions)) {
        const parsed = checkboxState.safeParse(state);
        if (parsed.success) for (const option of parsed.data.selected_options) selected.add(option.value);
      }
    }
  }
  const errors: Record<string, string> = {};
  payload.policies.forEach((policy, index) => {
    if (!selected.has(policyKey(policy))) errors[`${ACK_IDS.policiesBlockPrefix}${Math.floor(index / 10)}`] = 'Tick every policy to sign. If you disagree with one, close this and talk to the compliance team.';
  });
  if (payload.training && !selected.has(`training@${payload.training.version}`)) errors[ACK_IDS.trainingBlock] = 'Confirm the training to sign, or close this until you have completed it.';
  if (Object.keys(errors).length > 0) return { kind: 'errors', errors };

  const person = directory.cached(input.userId);
  if (!person) return { kind: 'errors', errors: { [fallbackBlock]: 'Your Slack profile is not known to evidence-bot yet. Try again in a minute.' } };
  const now = clock.now();
  const response: SignedAcknowledgment = {
    request_id: request.id,
    kind: 'acknowledgment',
    period: payload.period,
    signer_slack_id: input.userId,
    submitted_at: now.toISOString(),
    view_id: input.viewId,
    policies: payload.policies.map((policy) => ({ ...policy, acknowledged: true as const })),
    training: payload.training ? { ...payload.training, completed: true as const } : null,
    statement: '',
  };
  response.statement = statementFor(response);
  const artifactId = newId();
  return deps.writer
    .run((): SubmitOutcome => {
      // Checked again inside the write: a second delivery may have committed in the meantime.
      const current = requestForAnswer(db, request.id, input.userId);
      markAnswered(db, current, input.userId, response, now, artifactId);
      evidence.enqueue(
        acknowledgmentArtifact({
          request: { ...current, answered_at: now.toISOString() },
          response,
          signer: { name: person.name, email: person.email, slackId: input.userId, timeZone: person.tz },
          artifactId,
          history: historyOf(db, current.id),
          settings,
        }),
      );
      return { kind: 'signed', requestId: current.id };
    })
    .catch((error: unknown): SubmitOutcome => {
      if (error instanceof AlreadyAnsweredError && error.request.answered_by === input.userId) return { kind: 'duplicate', requestId: error.request.id };
      if (error instanceof DomainError) return { kind: 'errors', errors: { [fallbackBlock]: error.message } };
      throw error;
    });
}

