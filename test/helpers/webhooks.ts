import { createHmac } from 'node:crypto';

export interface WebhookResponse {
  status: number;
  json: Record<string, unknown>;
}

export function hmacHex(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/** POSTs raw bytes to /webhooks/<source> with exactly these headers, as the provider would. */
export async function postWebhook(baseUrl: string, source: string, body: string, headers: Record<string, string>): Promise<WebhookResponse> {
  const response = await fetch(`${baseUrl}/webhooks/${source}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** PagerDuty signs with every active secret: `v1=<hex>,v1=<hex>`. */
export function pagerDutyHeaders(body: string, ...secrets: string[]): Record<string, string> {
  return { 'X-PagerDuty-Signature': secrets.map((secret) => `v1=${hmacHex(secret, body)}`).join(',') };
}

export function sentryHeaders(body: string, secret: string, resource: string): Record<string, string> {
  return { 'Sentry-Hook-Resource': resource, 'Sentry-Hook-Timestamp': '1783342800', 'Sentry-Hook-Signature': hmacHex(secret, body), 'Request-ID': 'c3f1d0a2-7a55-4c8e-9a8e-3c3b6a0e1f00' };
}

export function evidenceHeaders(body: string, secret: string): Record<string, string> {
  return { 'X-Evidence-Signature': `v1=${hmacHex(secret, body)}` };
}
