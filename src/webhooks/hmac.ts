import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the raw request body, hex: what PagerDuty, Sentry and our HR and generic webhooks sign. */
export function hmacSha256Hex(secret: string, body: Buffer | string): string {
  return createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Compares a received hex signature with the expected one in constant time. A signature of the
 * wrong length or with non-hex characters is simply unequal, never an exception.
 */
export function signatureMatches(expectedHex: string, receivedHex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(receivedHex) || receivedHex.length !== expectedHex.length) return false;
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(receivedHex.toLowerCase(), 'hex'));
}

/** True when any of the configured secrets (several during a rotation) signed the body with any of the received signatures. */
export function anySignatureMatches(secrets: readonly string[], body: Buffer, received: readonly string[]): boolean {
  let matched = false;
  // Every pair is compared, so the time taken does not tell which secret or signature matched.
  for (const secret of secrets) {
    const expected = hmacSha256Hex(secret, body);
    for (const signature of received) if (signatureMatches(expected, signature)) matched = true;
  }
  return matched;
}

/** The `v1=<hex>` entries of a comma-separated signature header (PagerDuty's scheme, which ours follows); other versions are ignored. */
export function v1Signatures(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('v1='))
    .map((part) => part.slice(3));
}
