import PDFDocument from 'pdfkit';
import { formatInZone, formatUtc } from '../../time-format.ts';
import { fitsWinAnsi, loadUnicodeFonts, STANDARD_FONTS } from './fonts.ts';
import type { Block, RenderModel, Section } from './model.ts';
import { collectText, drawTable, textHeight, type Layout } from './table.ts';
import { visibleModel } from './visible-text.ts';

const PAGE = { size: 'A4' as const, left: 50, right: 50, top: 54, bottom: 58 };
const COLORS = { text: '#111111', muted: '#5b6470', rule: '#c9ced6', fill: '#f1f3f6', accent: '#1f4e79' };

/**
 * Renders one artifact to PDF bytes. Pure: the same model gives the same bytes, because the
 * document dates are the signing time, not the rendering time.
 */
export function renderPdf(signed: RenderModel): Promise<Buffer> {
  const model = visibleModel(signed);
  const fonts = fitsWinAnsi(collectModelText(model)) ? STANDARD_FONTS : loadUnicodeFonts();
  const capturedAt = new Date(model.capturedAt);
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: `${model.title} [${model.id}]`,
      Author: `${model.organization} via evidence-bot`,
      Subject: `${model.controls.join(' ')} | period ${model.period} | ${model.kind} | ${model.subjectLabel}`,
      Keywords: [...model.controls, model.period, model.kind, model.subject, `artifact:${model.id}`, `payload-sha256:${model.payloadSha256}`].join(', '),
      Creator: 'evidence-bot',
      Producer: 'evidence-bot (pdfkit)',
      CreationDate: capturedAt,
      ModDate: capturedAt,
    },
  });
  // Standard fonts are used by name: registering them would re-parse their metrics per document.
  const faces = { regular: 'Helvetica', bold: 'Helvetica-Bold' };
  for (const face of ['regular', 'bold'] as const) {
    const source = fonts[face];
    if (typeof source === 'string') {
      faces[face] = source;
    } else {
      doc.registerFont(`embedded-${face}`, source);
      faces[face] = `embedded-${face}`;
    }
  }

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const layout: Layout = {
    doc,
    left: PAGE.left,
    width: doc.page.width - PAGE.left - PAGE.right,
    bottom: () => doc.page.height - PAGE.bottom,
    newPage: () => doc.addPage(),
    colors: COLORS,
    fonts: faces,
  };
  doc.on('pageAdded', () => drawRunningHeader(layout, model));

  drawHeader(layout, model);
  for (const section of model.sections) drawSection(layout, section);
  drawSignature(layout, model);
  drawHistory(layout, model);
  drawFooters(layout, model);
  doc.end();
  return done;
}

function collectModelText(model: RenderModel): string {
  const parts = [model.organization, model.title, model.subjectLabel, model.signer?.name ?? '', model.signer?.email ?? ''];
  for (const section of model.sections) parts.push(section.heading, ...section.blocks.map(collectText));
  for (const entry of model.history) parts.push(entry.what, entry.detail ?? '');
  return parts.join('\n');
}

function drawHeader(layout: Layout, model: RenderModel): void {
  const { doc, left, width } = layout;
  doc.font(layout.fonts.bold).fontSize(8).fillColor(COLORS.accent).text(`${model.organization.toUpperCase()}  ·  SOC 2 EVIDENCE`, left, PAGE.top, { width, characterSpacing: 0.6 });
  doc.moveDown(0.4);
  doc.font(layout.fonts.bold).fontSize(17).fillColor(COLORS.text).text(model.title, { width });
  doc.moveDown(0.5);
  const rows: [string, string][] = [
    ['Controls', model.controls.join(', ')],
    ['Period', `${model.period}  (effective ${model.effective.from} to ${model.effective.to})`],
    ['Kind', model.kind],
    ['Subject', model.subjectLabel === model.subject ? model.subject : `${model.subjectLabel} (${model.subject})`],
    ['Captured', formatUtc(model.capturedAt)],
    ['Artifact ID', model.id],
  ];
  drawFields(layout, rows);
  rule(layout, 6);
}

/** pdfkit's text state: a page break in the middle of a paragraph or a list must not change it. */
interface TextState {
  _font: unknown;
  _fontSize: number;
  _fillColor?: [string, number];
}

function drawRunningHeader(layout: Layout, model: RenderModel): void {
  const { doc, left, width } = layout;
  // pdfkit breaks pages itself when text runs past the bottom, then goes on writing with whatever
  // font this handler leaves set: without this, the rest of the paragraph came out in 7.5 pt.
  const state = doc as unknown as TextState;
  const saved = { font: state._font, size: state._fontSize, fill: state._fillColor };
  doc.font(layout.fonts.regular).fontSize(7.5).fillColor(COLORS.muted).text(`${model.title}  ·  ${model.controls.join(', ')}  ·  ${model.period}  ·  ${model.id}`, left, PAGE.top - 22, {
    width,
    lineBreak: false,
    ellipsis: true,
  });
  doc.x = left;
  doc.y = PAGE.top;
  state._font = saved.font;
  doc.fontSize(saved.size);
  if (saved.fill) doc.fillColor(...saved.fill);
  else doc.fillColor(COLORS.text);
}

function drawSection(layout: Layout, section: Section): void {
  const { doc, left, width } = layout;
  ensureSpace(layout, 48);
  doc.font(layout.fonts.bold).fontSize(11.5).fillColor(COLORS.accent).text(section.heading, left, doc.y, { width });
  doc.moveDown(0.35);
  doc.fillColor(COLORS.text);
  for (const block of section.blocks) {
    drawBlock(layout, block);
    doc.moveDown(0.5);
  }
  doc.moveDown(0.3);
}

function drawBlock(layout: Layout, block: Block): void {
  const { doc, left, width } = layout;
  switch (block.type) {
    case 'paragraph':
      doc.font(layout.fonts.regular).fontSize(9.5).fillColor(COLORS.text).text(block.text, left, doc.y, { width, lineGap: 1.5 });
      return;
    case 'fields':
      drawFields(layout, block.rows);
      return;
    case 'list':
      doc.font(layout.fonts.regular).fontSize(9).fillColor(COLORS.text);
      for (const item of block.items) doc.text(`•  ${item}`, left + 6, doc.y, { width: width - 6, lineGap: 1 });
      return;
    case 'table':
      drawTable(layout, block.columns, block.rows);
      return;
  }
}

function drawFields(layout: Layout, rows: [string, string][]): void {
  const { doc, left, width } = layout;
  const labelWidth = 96;
  for (const [label, value] of rows) {
    // A long label wraps too: the row is as tall as the taller of the two, or the next row overlaps it.
    doc.font(layout.fonts.bold).fontSize(9);
    const labelHeight = textHeight(doc, label, labelWidth - 8);
    doc.font(layout.fonts.regular).fontSize(9);
    const height = Math.max(textHeight(doc, value, width - labelWidth), labelHeight, 11);
    ensureSpace(layout, height + 3);
    const y = doc.y;
    doc.font(layout.fonts.bold).fillColor(COLORS.muted).text(label, left, y, { width: labelWidth - 8 });
    doc.font(layout.fonts.regular).fillColor(COLORS.text).text(value || '—', left + labelWidth, y, { width: width - labelWidth });
    doc.y = y + height + 3;
  }
  doc.x = left;
}

function drawSignature(layout: Layout, model: RenderModel): void {
  const { doc, left, width } = layout;
  const rows: [string, string][] = model.signer
    ? [
        ['Signed by', model.signer.name],
        ['Email', model.signer.email ?? 'not shared by Slack'],
        ['Slack user ID', model.signer.slackId],
        ['Signed at (UTC)', formatUtc(model.signedAt)],
        ['Signed at (local)', formatInZone(model.signedAt, model.signer.timeZone)],
      ]
    : [
        ['Recorded by', 'evidence-bot, automatically: no person signed this record'],
        ['Recorded at (UTC)', formatUtc(model.signedAt)],
      ];
  const boxHeight = 22 + rows.length * 14 + 10;
  ensureSpace(layout, boxHeight + 30);
  doc.font(layout.fonts.bold).fontSize(11.5).fillColor(COLORS.accent).text(model.signer ? 'Signature' : 'Record', left, doc.y, { width });
  doc.moveDown(0.35);
  const top = doc.y;
  doc.save().roundedRect(left, top, width, boxHeight - 12, 3).fillAndStroke(COLORS.fill, COLORS.rule).restore();
  doc.y = top + 8;
  doc.fillColor(COLORS.text);
  const inner = { ...layout, left: left + 10, width: width - 20 };
  drawFields(inner, rows);
  doc.x = left;
  doc.y = top + boxHeight;
}

function drawHistory(layout: Layout, model: RenderModel): void {
  const { doc, left, width } = layout;
  ensureSpace(layout, 60);
  doc.font(layout.fonts.bold).fontSize(11.5).fillColor(COLORS.accent).text('Request history', left, doc.y, { width });
  doc.moveDown(0.35);
  if (model.history.length === 0) {
    doc.font(layout.fonts.regular).fontSize(9).fillColor(COLORS.muted).text('No request preceded this record.', left, doc.y, { width });
    return;
  }
  drawTable(
    layout,
    [
      { header: 'When (UTC)', width: 2.2 },
      { header: 'Event', width: 1.3 },
      { header: 'Detail', width: 5 },
    ],
    model.history.map((entry) => [formatUtc(entry.at), entry.what, entry.detail ?? '']),
  );
}

function drawFooters(layout: Layout, model: RenderModel): void {
  const { doc, left, width } = layout;
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index += 1) {
    doc.switchToPage(index);
    // Writing below the bottom margin would make pdfkit add a page: lift the margin while drawing.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - 42;
    doc.save().moveTo(left, y - 6).lineTo(left + width, y - 6).lineWidth(0.5).strokeColor(COLORS.rule).stroke().restore();
    doc.font(layout.fonts.regular).fontSize(7).fillColor(COLORS.muted);
    doc.text(`Artifact ${model.id}  ·  ${model.controls.join(', ')}  ·  ${model.period}`, left, y, { width: width - 80, lineBreak: false, ellipsis: true });
    doc.text(`Page ${index - range.start + 1} of ${range.count}`, left, y, { width, align: 'right', lineBreak: false });
    doc.text(`SHA-256 of ${model.hashOf ?? (model.signer ? 'the signed payload' : 'the recorded payload')}: ${model.payloadSha256}`, left, y + 10, { lineBreak: false });
    doc.page.margins.bottom = margin;
  }
}

function ensureSpace(layout: Layout, height: number): void {
  if (layout.doc.y + height > layout.bottom()) layout.newPage();
}

function rule(layout: Layout, gap: number): void {
  const { doc, left, width } = layout;
  doc.y += gap;
  doc.save().moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.75).strokeColor(COLORS.rule).stroke().restore();
  doc.y += gap + 4;
}
