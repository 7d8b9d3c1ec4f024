import { z } from 'zod';
import { DomainError, NotAllowedError, NotFoundError } from '../errors.ts';
import type { HistoryEntry } from '../evidence/pdf/model.ts';
import type { Db } from '../store/db.ts';
import { addEvent, getRequest, requestEvents, updateRequest, type RequestRow } from '../store/requests.ts';
import { answeredMessage } from '../../views/requests.ts';
import type { FlowDeps } from './deps.ts';
import { readableMentions } from './mentions.ts';

/** What a person reads when a submission has a shape the form we built could never send. */
export const DAMAGED_FORM = 'This form is damaged. Close it and press the button in your DM again.';

const requestMetadata = z.object({ requestId: z.string().min(1).max(64) });

/** The request a form answers, from the private_metadata it was built with; null when that is not ours. */
export function requestIdOf(privateMetadata: string): string | null {
  try {
    return requestMetadata.parse(JSON.parse(privateMetadata)).requestId;
  } catch {
    return null;
  }
}

/** A request that was already signed: a second delivery of the same submission is not an error. */
export class AlreadyAnsweredError extends DomainError {
  constructor(readonly request: RequestRow) {
    super(`${request.title} was already signed on ${request.answered_at}`, 'already_answered');
  }
}

/**
 * The request a person may answer, whatever the payload claims: it must exist, be theirs and
 * still be open. Throws a domain error with words for the person otherwise.
 */
export function requestForAnswer(db: Db, requestId: string, userId: string): RequestRow {
  const request = getRequest(db, requestId);
  if (!request) throw new NotFoundError('This request no longer exists.');
  if (request.assignee !== userId) throw new NotAllowedError(`This request is for <@${request.assignee}>. Only they can sign it.`);
  if (request.state === 'answered') throw new AlreadyAnsweredError(request);
  if (request.state === 'cancelled') throw new DomainError('This request was cancelled; there is nothing to sign.', 'cancelled');
  return request;
}

/** Marks the request answered; call inside the transaction that also queues its artifact. */
export function markAnswered(db: Db, request: RequestRow, userId: string, response: unknown, at: Date, artifactId: string): void {
  updateRequest(db, request.id, {
    state: 'answered',
    answered_at: at.toISOString(),
    answered_by: userId,
    response: JSON.stringify(response),
    next_action_at: null,
    artifact_id: artifactId,
  });
  addEvent(db, request.id, 'answered', at.toISOString(), `signed by <@${userId}>`);
}

/** The request's history as the artifact prints it: created, asked, reminded, escalated, answered. */
export function historyOf(db: Db, requestId: string): HistoryEntry[] {
  return requestEvents(db, requestId)
    .filter((event) => event.what !== 'created')
    .map((event) => ({ at: event.at, what: event.what, ...(event.detail ? { detail: readableMentions(db, event.detail) } : {}) }));
}

/** Turns the original DM into a receipt, so there is no button left to press twice. Best effort. */
export async function sendReceipt(deps: FlowDeps, requestId: string): Promise<void> {
  const request = getRequest(deps.db, requestId);
  if (!request?.dm_channel || !request.dm_ts || !request.answered_at) return;
  try {
    await deps.slack.updateMessage(request.dm_channel, request.dm_ts, answeredMessage(request.title, request.answered_at, `Filed as evidence \`${request.artifact_id}\`.`));
  } catch (error) {
    deps.logger.warn('could not update the request message after signing', { requestId }, error);
  }
}

export type AnswerCheck = { kind: 'ok'; request: RequestRow } | { kind: 'duplicate'; requestId: string } | { kind: 'refused'; message: string };

/**
 * The first check of any submission, before the form is read: whose request it is decides what
 * the person is told. The same person's second delivery of a signed request is a duplicate, not an error.
 */
export function checkAnswer(db: Db, requestId: string, userId: string): AnswerCheck {
  try {
    return { kind: 'ok', request: requestForAnswer(db, requestId, userId) };
  } catch (error) {
    if (error instanceof AlreadyAnsweredError && error.request.answered_by === userId) return { kind: 'duplicate', requestId: error.request.id };
    if (error instanceof DomainError) return { kind: 'refused', message: error.message };
    throw error;
  }
}
