import type { EscalationTiming } from '../config-schema.ts';
import type { MessageContent } from '../slack/port.ts';
import type { RequestRow } from '../store/requests.ts';

/**
 * What the request engine needs from a flow for each kind of request it chases: the first
 * message, the label of the button that opens it, and how to open it when the button is pressed.
 */
export interface RequestKind {
  kind: string;
  /** Label on the button in the DM and in reminders ("Acknowledge", "Review access"). */
  buttonLabel: string;
  askMessage(request: RequestRow): MessageContent;
  /** A later time to ask instead of now (an incident not yet resolved), or null to ask now. */
  deferUntil?(request: RequestRow, now: Date): Date | null;
  /** Work before the first message (drafting a postmortem); may take seconds, runs in the sweep. */
  prepare?(request: RequestRow): Promise<void>;
  /** Opens the request's modal for its assignee; called right after the click is acked. */
  open(input: { request: RequestRow; userId: string; triggerId: string }): Promise<void>;
  /** Timers of this request, when they depend on it (a checklist step's due time); the kind's configured timing otherwise. */
  timing?(request: RequestRow, base: EscalationTiming): EscalationTiming;
}

export class RequestKinds {
  private readonly kinds = new Map<string, RequestKind>();

  register(kind: RequestKind): void {
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): RequestKind {
    const found = this.kinds.get(kind);
    if (!found) throw new Error(`no handler registered for request kind ${JSON.stringify(kind)}`);
    return found;
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }
}
