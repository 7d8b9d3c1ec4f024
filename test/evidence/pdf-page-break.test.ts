import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../src/evidence/pdf/render.ts';
import type { Block } from '../../src/evidence/pdf/model.ts';

/** The font sizes set (Tf) on each page, in order. */
function fontSizesByPage(pdf: Buffer): number[][] {
  const raw = pdf.toString('latin1');
  const pages: number[][] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    let content: string;
    try {
      content = inflateSync(Buffer.from(raw.slice(start, raw.indexOf('endstream', start)), 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    if (content.includes(' Tf')) pages.push([...content.matchAll(/\/F\d+ ([\d.]+) Tf/g)].map((m) => Number(m[1])));
  }
  return pages;
}

function render(blocks: Block[]): Promise<Buffer> {
  return renderPdf({ id: 'abcdefghjkmn', organization: 'Example Inc.', title: 'Long', kind: 'test', controls: ['CC1.4'], period: '2026', effective: { from: '2026-01-01', to: '2026-12-31' }, capturedAt: '2026-01-01T00:00:00.000Z', subject: 's', subjectLabel: 's', sections: [{ heading: 'Body', blocks }], signer: null, signedAt: '2026-01-01T00:00:00.000Z', history: [], payloadSha256: 'a'.repeat(64) });
}

describe('PDF page breaks', () => {
  it('when a paragraph runs onto the next page, then it goes on in its own size, not the running header\'s', async () => {
    const pages = fontSizesByPage(await render([{ type: 'paragraph', text: Array.from({ length: 900 }, (_, i) => `word${i}`).join(' ') }]));

    expect(pages.length).toBeGreaterThanOrEqual(2);
    // The running header (7.5 pt), then the paragraph again at 9.5 pt.
    expect(pages[1]!.slice(0, 3)).toEqual([7.5, 9.5, 9.5]);
  });

  it('when label and value rows start a new page, then the first row keeps the fields\' size', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => [`label ${i}`, `value ${i}`] as [string, string]);
    const pages = fontSizesByPage(await render([{ type: 'fields', rows }]));

    expect(pages[1]!.slice(0, 3)).toEqual([7.5, 9, 9]);
  });
});
