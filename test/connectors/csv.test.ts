import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/connectors/csv.ts';

function syntaxError(text: string): { line: number; message: string } {
  try {
    parseCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CsvSyntaxError);
    return { line: (error as CsvSyntaxError).line, message: (error as CsvSyntaxError).message };
  }
  throw new Error('expected a syntax error');
}

describe('CSV parser (RFC 4180)', () => {
  it('when fields are plain, then records split on commas and line breaks, numbered from the header', () => {
    expect(parseCsv('id,name\nu1,Alice\nu2,Bob\n')).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['u1', 'Alice'] },
      { line: 3, fields: ['u2', 'Bob'] },
    ]);
  });

  it('when quoted fields hold commas, doubled quotes and line breaks, then they are one field and later records keep their line numbers', () => {
    expect(parseCsv('id,name,notes\r\nu1,"Doe, Jane","said ""hi""\r\nthen left"\r\nu2,Bob,""\r\n')).toEqual([
      { line: 1, fields: ['id', 'name', 'notes'] },
      { line: 2, fields: ['u1', 'Doe, Jane', 'said "hi"\nthen left'] },
      { line: 4, fields: ['u2', 'Bob', ''] },
    ]);
  });

  it('when the file starts with a UTF-8 BOM, has blank lines and no final line break, then the BOM and blank lines are dropped', () => {
    expect(parseCsv('\uFEFFid,name\n\nu1,Alice\n\r\nu2,Bob')).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 3, fields: ['u1', 'Alice'] },
      { line: 5, fields: ['u2', 'Bob'] },
    ]);
  });

  it('when fields are empty, then they stay as empty strings, trailing ones included', () => {
    expect(parseCsv('a,,c,\n,,,\n')).toEqual([
      { line: 1, fields: ['a', '', 'c', ''] },
      { line: 2, fields: ['', '', '', ''] },
    ]);
  });

  it('when a line holds only a quoted empty field, then it is a record, not a blank line', () => {
    expect(parseCsv('x\n""\n')).toEqual([
      { line: 1, fields: ['x'] },
      { line: 2, fields: [''] },
    ]);
  });

  it('when spaces follow a closing quote, then they are tolerated', () => {
    expect(parseCsv('"a" ,b\n')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
  });

  it('when a quoted field is never closed, then the error names the line it starts on', () => {
    expect(syntaxError('id,name\nu1,"Alice\nu2,Bob\n')).toEqual({ line: 2, message: 'a quoted field is never closed' });
  });

  it('when a quote appears inside an unquoted field, then it is an error on that line', () => {
    expect(syntaxError('id,name\nu1,Al"ice\n')).toEqual({ line: 2, message: 'a quote inside an unquoted field; quote the whole field and write the quote as ""' });
  });

  it('when text follows a closing quote, then it is an error on that line', () => {
    expect(syntaxError('id,name\n\nu1,"Alice"x\n')).toEqual({ line: 3, message: 'text after a closing quote; a quote inside a field is written ""' });
  });
});
