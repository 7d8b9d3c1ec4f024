import type { Workspace } from './workspace.ts';

/** A Slack Web API failure: answered as HTTP 200 `{ ok: false, error, response_metadata? }`. */
export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly messages: string[] = [],
    /** Extra top-level fields Slack sends with some errors (`errors` on invalid_blocks). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }

  body(): Record<string, unknown> {
    return { ok: false, error: this.code, ...this.extra, ...(this.messages.length > 0 ? { response_metadata: { messages: this.messages } } : {}) };
  }
}

export type Args = Record<string, unknown>;

/** A Web API method: the `ok: true` body's fields, or a thrown SlackApiError. */
export type Method = (ws: Workspace, args: Args) => Record<string, unknown>;

/** Form bodies carry every argument as a string; JSON bodies may carry numbers too. */
export function text(args: Args, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function flag(args: Args, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

export function required(args: Args, name: string): string {
  const value = text(args, name);
  if (value === undefined) throw new SlackApiError('invalid_arguments', [`[ERROR] missing required field: ${name}`]);
  return value;
}
