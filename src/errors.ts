/**
 * Domain errors carry text meant for a person. Everything else is a bug: logged with a
 * correlation ID that the person also sees, never shown raw.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that cannot be filed: a bad subject, an unknown control, an empty signer, an oversized payload. */
export class InvalidEvidenceError extends DomainError {
  constructor(message: string) {
    super(message, 'invalid_evidence');
  }
}

/** Someone acting on a request or command that is not theirs. */
export class NotAllowedError extends DomainError {
  constructor(message: string) {
    super(message, 'not_allowed');
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(message, 'not_found');
  }
}

/** The sink already holds different bytes under a key: write-once storage must never overwrite. */
export class SinkConflictError extends DomainError {
  constructor(readonly key: string) {
    super(`the sink already holds different content at ${key}; refusing to overwrite`, 'sink_conflict');
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
