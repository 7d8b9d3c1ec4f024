/** One CSV record and the line it starts on (1-based, counting the header; quoted newlines make records span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180: comma-separated fields, CRLF or LF between records, double quotes around fields
 * that hold commas, quotes ("" inside) or line breaks. A UTF-8 BOM and blank lines are skipped;
 * spaces after a closing quote are tolerated, anything else there is an error.
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let closedQuote = false;
  let fieldStarted = false;

  const endField = () => {
    fields.push(field);
    field = '';
    closedQuote = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    const blank = fields.length === 0 && field === '' && !closedQuote;
    endField();
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
  };

  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') {
        inQuotes = false;
        closedQuote = true;
      } else if (ch === '\r' || ch === '\n') {
        // One line break, whichever the exporting system wrote, so the same export hashes the same.
        if (ch === '\r' && text[i + 1] === '\n') i += 1;
        line += 1;
        field += '\n';
      } else {
        field += ch;
      }
    } else if (ch === ',') {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else if (closedQuote) {
      if (ch !== ' ' && ch !== '\t') throw new CsvSyntaxError(line, `text after a closing quote; a quote inside a field is written ""`);
    } else if (ch === '"') {
      if (fieldStarted) throw new CsvSyntaxError(line, 'a quote inside an unquoted field; quote the whole field and write the quote as ""');
      inQuotes = true;
      fieldStarted = true;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(recordLine, 'a quoted field is never closed');
  if (fieldStarted || closedQuote || fields.length > 0) endRecord();
  return records;
}
