import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '../clock.ts';
import type { HrEvent } from '../flows/lifecycle/model.ts';
import type { ReceiveResult } from '../flows/lifecycle/receive.ts';
import type { Logger } from '../logger.ts';
import { EVIDENCE_SIGNATURE_HEADER } from './generic.ts';
import { anySignatureMatches, v1Signatures } from './hmac.ts';
import { parseHrBody } from './hr-events.ts';
import { headerValue } from './parse-helpers.ts';
import type { WebhookHandler } from './registry.ts';

export const GUSTO_SIGNATURE_HEADER = 'x-gusto-signature';

/** Our own scheme, as for /webhooks/incident (`X-Evidence-Signature: v1=<hex>`, several during a rotation), or Gusto's bare hex. */
function signaturesOf(headers: IncomingHttpHeaders): string[] {
  const gusto = headerValue(headers, GUSTO_SIGNATURE_HEADER)?.trim();
  return [...v1Signatures(headerValue(headers, EVIDENCE_SIGNATURE_HEADER)), ...(gusto ? [gusto] : [])];
}

/**
 * `/webhooks/hr`: checks the HMAC-SHA256 of the raw body against HR_WEBHOOK_SECRET (comma-separated
 * during a rotation) in constant time, then reads the event and hands it to the lifecycle flow.
 * 401 for a missing or wrong signature, 400 for a malformed body or an implausible date (with the
 * reason), 202 for events it does not act on, 200 once handled or when the event ID was seen before.
 */
export function hrWebhook(deps: { secrets: string[]; logger: Logger; clock: Clock; receive: (event: HrEvent) => Promise<ReceiveResult> }): WebhookHandler {
  return async ({ body, headers }) => {
    if (deps.secrets.length === 0) {
      deps.logger.warn('HR webhook called but HR_WEBHOOK_SECRET is not set');
      return { status: 503, body: { ok: false, error: 'HR_WEBHOOK_SECRET is not set: this webhook is disabled' } };
    }
    const signatures = signaturesOf(headers);
    if (signatures.length === 0) return { status: 401, body: { ok: false, error: 'missing signature: send X-Evidence-Signature: v1=<hex HMAC-SHA256 of the body>' } };
    if (!anySignatureMatches(deps.secrets, body, signatures)) return { status: 401, body: { ok: false, error: 'the signature does not match the body' } };
    const parsed = parseHrBody(body, headers['content-type'], deps.clock.now());
    if (parsed.kind === 'malformed') {
      deps.logger.warn('malformed HR event', { reason: parsed.reason });
      return { status: 400, body: { ok: false, error: `malformed HR event: ${parsed.reason}` } };
    }
    // The sender's data is wrong, not our state: 400, so the HR system stops retrying and shows the reason.
    if (parsed.kind === 'refused') {
      deps.logger.warn('HR event refused', { reason: parsed.reason });
      return { status: 400, body: { ok: false, error: `HR event refused: ${parsed.reason}` } };
    }
    if (parsed.kind === 'ignored') {
      deps.logger.info('HR event ignored', { source: parsed.source, what: parsed.what, reason: parsed.reason });
      return { status: 202, body: { ok: true, ignored: true, reason: parsed.reason } };
    }
    let result: ReceiveResult;
    try {
      result = await deps.receive(parsed.event);
    } catch (error) {
      // Slack could not be asked who the person is: nothing was written, so the sender's retry is safe.
      deps.logger.error('HR event could not be handled; the sender should retry', { source: parsed.event.source, eventId: parsed.event.eventId }, error);
      return { status: 503, body: { ok: false, error: 'evidence-bot could not handle the event right now; nothing was recorded, retry later' } };
    }
    if (result.status === 'ignored') return { status: 202, body: { ok: true, ignored: true, reason: result.reason } };
    if (result.status === 'duplicate') return { status: 200, body: { ok: true, duplicate: true, outcome: result.outcome, checklist_id: result.checklistId } };
    return { status: 200, body: { ok: true, outcome: result.outcome, checklist_id: result.checklistId, ...(result.managerFound ? {} : { warning: 'the manager is not in Slack; their steps go to the fallback owner' }) } };
  };
}
