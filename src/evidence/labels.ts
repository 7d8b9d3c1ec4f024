import type { LedgerEntry } from './ledger.ts';

/** S3 metadata values travel as HTTP headers: keep them to printable ASCII. */
function ascii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, (char) => encodeURIComponent(char));
}

/** S3 tag values allow letters, digits, spaces and + - = . _ : / @ only. */
function tagValue(value: string): string {
  return value.replace(/[^A-Za-z0-9 +\-=._:/@]/g, '_').slice(0, 256);
}

/**
 * What an object says about itself in the bucket, so it still identifies its control, period
 * and hashes when someone finds it outside this software.
 */
export function objectLabels(entry: LedgerEntry, objectSha256: string): { metadata: Record<string, string>; tags: Record<string, string> } {
  const metadata: Record<string, string> = {
    'artifact-id': entry.id,
    controls: entry.controls.join(' '),
    period: entry.period,
    'effective-from': entry.effective_from,
    'effective-to': entry.effective_to,
    kind: entry.kind,
    subject: entry.subject,
    sha256: objectSha256,
    'payload-sha256': entry.payload_sha256,
    'captured-at': entry.captured_at,
    'ledger-seq': String(entry.seq),
    'ledger-entry-hash': entry.entry_hash,
  };
  if (entry.request_id) metadata['request-id'] = entry.request_id;
  if (entry.signer) {
    metadata['signer-slack-id'] = entry.signer.slackId;
    if (entry.signer.email) metadata['signer-email'] = ascii(entry.signer.email);
  }
  const tags: Record<string, string> = {
    controls: tagValue(entry.controls.join(' ')),
    period: tagValue(entry.period),
    kind: tagValue(entry.kind),
    subject: tagValue(entry.subject),
    'artifact-id': entry.id,
    sha256: objectSha256,
    'payload-sha256': entry.payload_sha256,
    'ledger-seq': String(entry.seq),
  };
  return { metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, ascii(v)])), tags };
}
