import { createHash } from 'node:crypto';
import type { Settings } from '../../config-schema.ts';
import type { AcknowledgmentModel, PolicyItem } from '../../../views/acknowledgment.ts';
import type { RequestRow } from '../../store/requests.ts';

export const ACK_KIND = 'acknowledgment';

/** What an acknowledgment request asks for, frozen when it is created. */
export interface AcknowledgmentPayload {
  period: string;
  policies: PolicyItem[];
  training: { name: string; version: string; url: string } | null;
  reason: string;
}

export function payloadOf(request: RequestRow): AcknowledgmentPayload {
  return JSON.parse(request.payload) as AcknowledgmentPayload;
}

export function modelOf(request: RequestRow): AcknowledgmentModel {
  const payload = payloadOf(request);
  return { requestId: request.id, period: payload.period, policies: payload.policies, training: payload.training };
}

/** Identifies the set of policy and training versions asked for: a new version means a new request. */
export function versionsKey(settings: Settings): string {
  const policies = currentPolicies(settings).map((policy) => `${policy.id}@${policy.version}`);
  return createHash('sha256')
    .update(JSON.stringify([policies, settings.acknowledgments.training?.version ?? null]))
    .digest('hex')
    .slice(0, 16);
}

export function acknowledgmentKey(period: string, slackId: string, versions: string): string {
  return `${ACK_KIND}:${period}:${slackId}:${versions}`;
}

export function currentPolicies(settings: Settings): PolicyItem[] {
  return settings.policies.map((policy) => ({ id: policy.id, name: policy.name, version: policy.version, url: policy.url, ...(policy.sha256 ? { sha256: policy.sha256 } : {}) }));
}

/** Annual campaigns are filed under the calendar year, in the organization's time zone. */
export function periodFor(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric' }).format(at);
}
