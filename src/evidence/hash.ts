import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** S3 wants the checksum as base64 of the raw digest, the ledger keeps hex. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

export const GENESIS_HASH = '0'.repeat(64);
