import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anySignatureMatches, hmacSha256Hex, signatureMatches } from '../../src/webhooks/hmac.ts';

const body = Buffer.from('{"event":{"id":"01ABC"}}');

describe('webhook HMAC signatures', () => {
  it('when the body is signed with the secret, then the hex digest matches node:crypto', () => {
    expect(hmacSha256Hex('s3cret', body)).toBe(createHmac('sha256', 's3cret').update(body).digest('hex'));
  });

  it('when a signature differs by one character, is too short or is not hex, then it does not match', () => {
    const good = hmacSha256Hex('s3cret', body);
    expect(signatureMatches(good, good)).toBe(true);
    expect(signatureMatches(good, good.toUpperCase())).toBe(true);
    expect(signatureMatches(good, `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`)).toBe(false);
    expect(signatureMatches(good, good.slice(0, 10))).toBe(false);
    expect(signatureMatches(good, 'z'.repeat(64))).toBe(false);
    expect(signatureMatches(good, '')).toBe(false);
  });

  it('when secrets rotate, then a body signed by either secret matches and one signed by neither does not', () => {
    const old = hmacSha256Hex('old-secret', body);
    const fresh = hmacSha256Hex('new-secret', body);
    expect(anySignatureMatches(['new-secret', 'old-secret'], body, [old])).toBe(true);
    expect(anySignatureMatches(['new-secret'], body, ['deadbeef', fresh])).toBe(true);
    expect(anySignatureMatches(['new-secret'], body, [old])).toBe(false);
    expect(anySignatureMatches([], body, [fresh])).toBe(false);
  });
});
