import { writeFileSync } from 'node:fs';
import type { RecordedCall } from '../slack-double/index.ts';

/** One JSON object a line: the method and the arguments the bot sent (the token is never recorded). */
export function writeTranscript(file: string, calls: RecordedCall[]): void {
  writeFileSync(file, calls.map((call) => JSON.stringify({ at: call.at, method: call.method, ok: call.ok, ...(call.error ? { error: call.error } : {}), args: call.args })).join('\n') + '\n');
}

/** Prints an ephemeral Block Kit answer as the plain text a person would read. */
export function printStatusReply(reply: unknown): void {
  const blocks = (reply as { blocks?: { text?: { text?: string }; elements?: { text?: string }[] }[] } | undefined)?.blocks ?? [];
  for (const block of blocks) {
    const text = block.text?.text ?? block.elements?.map((element) => element.text ?? '').join(' ') ?? '';
    for (const line of text.split('\n')) console.log(`    ${line.replace(/<!date\^\d+\^[^|]+\|([^>]+)>/g, '$1')}`);
  }
}
