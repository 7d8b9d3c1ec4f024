import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';

export interface CallFailure {
  /** For the caller's record and the log: status, error type and the API's message, never request content. */
  reason: string;
  requestId: string | null;
  /** Not a failure of the API but of this code or the SDK: worth an error log with the stack. */
  unexpected: boolean;
}

const MESSAGE_LIMIT = 200;

/**
 * What went wrong with a Messages API call, once the SDK has finished retrying. `purpose` names
 * what the call was for ("a draft", "a mapping opinion") in the deadline's sentence.
 */
export function describeFailure(error: unknown, attempt: { maxRetries: number; timeoutMs: number; deadlineMs: number; purpose: string }): CallFailure {
  const tries = `${attempt.maxRetries + 1} ${attempt.maxRetries === 0 ? 'attempt' : 'attempts'}`;
  // Order matters: the timeout error is a connection error, and both are API errors without a status.
  if (error instanceof APIConnectionTimeoutError) return known(`the Anthropic API did not answer within ${attempt.timeoutMs} ms (${tries})`, null);
  // Only our deadline aborts the call.
  if (error instanceof APIUserAbortError) return known(`the Anthropic API call, with its retries, took longer than the ${attempt.deadlineMs} ms allowed for ${attempt.purpose}`, null);
  if (error instanceof APIConnectionError) return known(`could not reach the Anthropic API (${tries}): ${clip(causeOf(error))}`, null);
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const detail = `${status} ${error.type ?? 'unknown_error'}${error.apiMessage ? `: ${clip(error.apiMessage)}` : ''}`;
    const requestId = error.requestID ?? null;
    // The SDK retries 408, 409, 429 and every 5xx unless the API answers x-should-retry: false; other statuses fail at once.
    const after = error.headers?.get('x-should-retry') === 'false' ? 'without a retry (x-should-retry: false)' : "after the client's retries";
    if (status === 529 || error.type === 'overloaded_error') return known(`the Anthropic API was overloaded ${after} (${detail})`, requestId);
    if (status === 429) return known(`the Anthropic API was rate-limited ${after} (${detail})`, requestId);
    if (status === 408 || status === 409 || status >= 500) return known(`the Anthropic API failed ${after} (${detail})`, requestId);
    return known(`the Anthropic API refused the request (${detail})`, requestId);
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reason: `the Anthropic API call failed unexpectedly (${clip(message)})`, requestId: null, unexpected: true };
}

function known(reason: string, requestId: string | null): CallFailure {
  return { reason, requestId, unexpected: false };
}

function causeOf(error: APIConnectionError): string {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const inner = (cause as { cause?: unknown }).cause;
    return inner instanceof Error ? inner.message : cause.message;
  }
  return error.message;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MESSAGE_LIMIT ? `${line.slice(0, MESSAGE_LIMIT - 1)}…` : line;
}
