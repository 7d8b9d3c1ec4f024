import type PDFKit from 'pdfkit';
import type { Block } from './model.ts';

export interface Layout {
  doc: PDFKit.PDFDocument;
  left: number;
  width: number;
  bottom: () => number;
  newPage: () => void;
  colors: { text: string; muted: string; rule: string; fill: string; accent: string };
  fonts: { regular: string; bold: string };
}

const PAD = 3.5;
const FONT_SIZE = 8.5;
/** A cell taller than a page cannot be broken cleanly; long prose belongs in a paragraph block. */
export const MAX_CELL_CHARS = 1_200;

export function clampCell(text: string): string {
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS)}… [truncated here; the JSON sidecar holds the full text]` : text;
}

/**
 * The height `text` takes at the current font and size in `width`. Most text fits on one line,
 * and measuring its width is far cheaper than wrapping it.
 */
export function textHeight(doc: PDFKit.PDFDocument, text: string, width: number): number {
  if (!text.includes('\n') && doc.widthOfString(text) <= width) return doc.currentLineHeight(true);
  return doc.heightOfString(text || ' ', { width });
}

/**
 * Draws a table whose rows wrap and never split across pages: a row that does not fit starts
 * a new page, and the header row repeats at the top of it.
 */
export function drawTable(layout: Layout, columns: { header: string; width: number }[], rows: string[][]): void {
  const { doc, left, width, colors } = layout;
  const total = columns.reduce((sum, column) => sum + column.width, 0);
  const widths = columns.map((column) => (column.width / total) * width);
  const xs = widths.map((_, index) => left + widths.slice(0, index).reduce((sum, w) => sum + w, 0));

  const measure = (cells: string[], font: string): number => {
    doc.font(font).fontSize(FONT_SIZE);
    let height = 0;
    cells.forEach((cell, index) => {
      height = Math.max(height, textHeight(doc, cell, widths[index]! - 2 * PAD));
    });
    return height + 2 * PAD;
  };

  const drawRow = (cells: string[], height: number, font: string, fill: string | null): void => {
    const y = doc.y;
    if (fill) doc.save().rect(left, y, width, height).fill(fill).restore();
    doc.font(font).fontSize(FONT_SIZE).fillColor(colors.text);
    cells.forEach((cell, index) => {
      doc.text(cell, xs[index]! + PAD, y + PAD, { width: widths[index]! - 2 * PAD, lineGap: 0 });
    });
    doc.save().moveTo(left, y + height).lineTo(left + width, y + height).lineWidth(0.4).strokeColor(colors.rule).stroke().restore();
    doc.x = left;
    doc.y = y + height;
  };

  const headers = columns.map((column) => column.header);
  const headerHeight = measure(headers, layout.fonts.bold);
  const drawHeader = (): void => drawRow(headers, headerHeight, layout.fonts.bold, colors.fill);

  const firstHeight = rows[0] ? measure(rows[0].map(clampCell), layout.fonts.regular) : 0;
  if (doc.y + headerHeight + firstHeight > layout.bottom()) layout.newPage();
  drawHeader();
  rows.forEach((row, index) => {
    const cells = columns.map((_, c) => clampCell(row[c] ?? ''));
    const height = measure(cells, layout.fonts.regular);
    if (doc.y + height > layout.bottom()) {
      layout.newPage();
      drawHeader();
    }
    drawRow(cells, height, layout.fonts.regular, index % 2 === 1 ? '#fafbfc' : null);
  });
  if (rows.length === 0) {
    doc.font(layout.fonts.regular).fontSize(FONT_SIZE).fillColor(colors.muted).text('(none)', left + PAD, doc.y + PAD, { width });
  }
}

export function collectText(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'fields':
      return block.rows.flat().join('\n');
    case 'list':
      return block.items.join('\n');
    case 'table':
      return [...block.columns.map((column) => column.header), ...block.rows.flat()].join('\n');
  }
}
