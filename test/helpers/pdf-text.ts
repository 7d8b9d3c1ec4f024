import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written with pdfkit's standard (WinAnsi) fonts, one string per text-show
 * operation, page by page. Enough to assert what a page says without poppler on the machine.
 */
export function pdfPages(pdf: Buffer): string[][] {
  const raw = pdf.toString('latin1');
  const pages: string[][] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = inflateSync(Buffer.from(raw.slice(start, end), 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    if (!content.includes(' TJ')) continue;
    const texts: string[] = [];
    for (const op of content.matchAll(/\[(.*?)\] TJ/g)) {
      const hex = [...op[1]!.matchAll(/<([0-9a-f]*)>/g)].map((part) => part[1]).join('');
      texts.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
    pages.push(texts);
  }
  return pages;
}

/** The document information dictionary (Title, Subject, Keywords…), following indirect references. */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const raw = pdf.toString('latin1');
  const info: Record<string, string> = {};
  for (const key of ['Title', 'Subject', 'Keywords', 'Author', 'Creator', 'Producer', 'CreationDate']) {
    const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(raw);
    if (!ref) continue;
    const object = new RegExp(`\\n${ref[1]} 0 obj\\n(.*?)\\nendobj`, 's').exec(raw);
    if (object) info[key] = decodePdfString(object[1]!);
  }
  return info;
}

function decodePdfString(token: string): string {
  if (token.startsWith('<')) {
    const bytes = Buffer.from(token.slice(1, -1), 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
    return bytes.toString('latin1');
  }
  return token.slice(1, -1).replace(/\\([()\\])/g, '$1');
}
