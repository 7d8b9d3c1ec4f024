import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

/**
 * PDF's built-in Helvetica covers Windows-1252 only and costs nothing to embed. A document with
 * any character outside it (a Polish, Greek or Cyrillic name) embeds DejaVu Sans instead, so a
 * signer's name is never printed as the wrong letters.
 */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function fitsWinAnsi(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || code === 0x0a || code === 0x09) continue;
    if (!WIN_ANSI_EXTRAS.has(char)) return false;
  }
  return true;
}

export interface FontSet {
  regular: string | Buffer;
  bold: string | Buffer;
}

// Two faces only: pdfkit parses each standard font's metrics anew for every document.
export const STANDARD_FONTS: FontSet = { regular: 'Helvetica', bold: 'Helvetica-Bold' };

let unicodeFonts: FontSet | undefined;

export function loadUnicodeFonts(): FontSet {
  if (!unicodeFonts) {
    const require = createRequire(import.meta.url);
    const dir = require.resolve('dejavu-fonts-ttf/package.json').replace(/package\.json$/, 'ttf/');
    unicodeFonts = {
      regular: readFileSync(`${dir}DejaVuSans.ttf`),
      bold: readFileSync(`${dir}DejaVuSans-Bold.ttf`),
    };
  }
  return unicodeFonts;
}
