/**
 * Untrusted text (titles, notes, payloads people wrote) reaches a model only as one JSON
 * document between an opening and a closing tag that we write. Strings are cut to bound the
 * request, and every `<` and `>` becomes a JSON unicode escape: the document parses to the same
 * values, and no value can spell a tag, so nothing inside can close (or reopen) the block.
 */
export function dataJson(value: unknown, maxStringLength: number): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' && item.length > maxStringLength ? `${item.slice(0, maxStringLength)}…` : item), 2)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e');
}

/** The delimited block itself: the tag on its own line, the document, the closing tag. */
export function dataBlock(tag: string, json: string): string {
  return [`<${tag}>`, json, `</${tag}>`].join('\n');
}
