import { writeFile } from 'node:fs/promises';
import PDFDocument from 'pdfkit';
import type { ArtifactSpec } from '../src/evidence/spec.ts';
import { collectText } from '../src/evidence/pdf/table.ts';

/**
 * The floor for the artifact benchmark: the same document drawn with bare pdfkit calls, the way
 * one would write it by hand: the same page, fonts, sizes and colours, the header facts, each
 * section's fields, paragraphs and table rows (with fills and rules), the signature box, the
 * history table and a two-line footer on every page. What it leaves out is what evidence-bot
 * adds: measuring rows so none splits across a page, repeating table headers, the running
 * header, the document properties, and showing hidden characters. With `file`, the document is
 * then written to it in one call: the bare "render and save", without fsync, hash or ledger.
 */
export function bareArtifactPdf(s: ArtifactSpec, file?: string): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', margins: { top: 54, bottom: 58, left: 50, right: 50 }, bufferPages: true, info: { CreationDate: new Date(s.capturedAt) } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => {
      const pdf = Buffer.concat(chunks);
      if (file) void writeFile(file, pdf).then(() => resolve(pdf));
      else resolve(pdf);
    });
    const left = 50;
    const width = doc.page.width - 100;
    const row = (label: string, value: string) => {
      const y = doc.y;
      doc.font('Helvetica-Bold').fontSize(9).fillColor('#5b6470').text(label, left, y, { width: 88 });
      doc.font('Helvetica').fontSize(9).fillColor('#111111').text(value, left + 96, y, { width: width - 96 });
      doc.moveDown(0.2);
    };
    doc.font('Helvetica-Bold').fontSize(8).fillColor('#1f4e79').text('EXAMPLE INC.  ·  SOC 2 EVIDENCE', left, 54, { width });
    doc.font('Helvetica-Bold').fontSize(17).fillColor('#111111').text(s.title, { width });
    row('Controls', s.controls.join(', '));
    row('Period', s.period);
    row('Kind', s.kind);
    row('Subject', s.subjectLabel);
    row('Captured', s.capturedAt);
    row('Artifact ID', s.id);
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).strokeColor('#c9ced6').stroke();
    for (const section of s.sections) {
      doc.moveDown(0.6);
      doc.font('Helvetica-Bold').fontSize(11.5).fillColor('#1f4e79').text(section.heading, left, doc.y, { width });
      for (const block of section.blocks) {
        if (block.type === 'fields') for (const [label, value] of block.rows) row(label, value);
        else if (block.type === 'table') {
          const total = block.columns.reduce((sum, column) => sum + column.width, 0);
          const widths = block.columns.map((column) => (column.width / total) * width);
          const cells = [block.columns.map((column) => column.header), ...block.rows];
          cells.forEach((cellRow, index) => {
            const y = doc.y;
            if (index === 0) doc.rect(left, y, width, 17).fill('#f1f3f6');
            doc.font(index === 0 ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5).fillColor('#111111');
            let x = left;
            cellRow.forEach((cell, c) => {
              doc.text(cell, x + 3.5, y + 3.5, { width: widths[c]! - 7 });
              x += widths[c]!;
            });
            doc.moveTo(left, y + 17).lineTo(left + width, y + 17).lineWidth(0.4).strokeColor('#c9ced6').stroke();
            doc.x = left;
            doc.y = y + 17;
          });
        } else doc.font('Helvetica').fontSize(9.5).fillColor('#111111').text(collectText(block), left, doc.y, { width });
      }
    }
    doc.moveDown(0.6);
    doc.font('Helvetica-Bold').fontSize(11.5).fillColor('#1f4e79').text('Signature', left, doc.y, { width });
    const boxTop = doc.y;
    doc.rect(left, boxTop, width, 90).fillAndStroke('#f1f3f6', '#c9ced6');
    doc.y = boxTop + 10;
    row('Signed by', s.signer!.name);
    row('Email', s.signer!.email ?? '');
    row('Slack user ID', s.signer!.slackId);
    row('Signed at (UTC)', s.capturedAt);
    row('Signed at (local)', s.capturedAt);
    doc.y = boxTop + 100;
    doc.font('Helvetica-Bold').fontSize(11.5).fillColor('#1f4e79').text('Request history', left, doc.y, { width });
    for (const entry of s.history) {
      const y = doc.y;
      doc.font('Helvetica').fontSize(8.5).fillColor('#111111').text(entry.at, left + 3.5, y + 3.5, { width: 140 });
      doc.text(entry.what, left + 150, y + 3.5, { width: 80 });
      doc.text(entry.detail ?? '', left + 240, y + 3.5, { width: width - 240 });
      doc.x = left;
      doc.y = y + 17;
    }
    const range = doc.bufferedPageRange();
    for (let page = range.start; page < range.start + range.count; page += 1) {
      doc.switchToPage(page);
      doc.page.margins.bottom = 0;
      doc.font('Helvetica').fontSize(7).fillColor('#5b6470').text(`Artifact ${s.id}  ·  ${s.controls.join(', ')}  ·  ${s.period}`, left, doc.page.height - 44, { width, lineBreak: false });
      doc.text(`Page ${page + 1} of ${range.count}`, left, doc.page.height - 44, { width, align: 'right', lineBreak: false });
      doc.text(`SHA-256 of the signed payload: ${'ab'.repeat(32)}`, left, doc.page.height - 34, { width, lineBreak: false });
    }
    doc.end();
  });
}
