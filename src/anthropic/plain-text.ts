/** C0 controls other than tab and newline, DEL, and the bidi overrides that make text read differently from its bytes. */
function isInvisible(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/**
 * Text a model wrote, fit to keep in evidence: no control or bidi characters, trimmed, cut to
 * `limit` UTF-16 units with an ellipsis.
 */
export function plainText(value: string, limit: number): string {
  const text = Array.from(value.replace(/\r\n?/g, '\n'))
    .filter((char) => !isInvisible(char.charCodeAt(0)))
    .join('')
    .trim();
  if (text.length <= limit) return text;
  let cut = text.slice(0, limit - 1);
  // Never leave half of a surrogate pair at the cut.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}
