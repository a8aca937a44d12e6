import { describe, expect, it } from 'vitest';
import { RecordTooLargeError } from '../errors.js';
import { CsvScanner, QUOTED, QUOTED_ESCAPED, UNQUOTED, type CsvRecord } from './csv-scanner.js';

interface Scanned {
  fields: string[];
  flags: number[];
  raw: string;
  line: number;
  malformed?: string;
}

/** Scans text fed in chunks of `chunk` bytes and returns every record with its fields undone. */
function scan(text: string, chunk = 1, maxRecordBytes = 1 << 20): Scanned[] {
  const out: Scanned[] = [];
  const onRecord = (r: CsvRecord) => {
    const fields: string[] = [];
    const flags: number[] = [];
    for (let f = 0; f < r.fieldCount; f++) {
      const text = r.buf.toString('utf8', r.bounds[2 * f], r.bounds[2 * f + 1]);
      fields.push(r.flags[f] === QUOTED_ESCAPED ? text.replaceAll('""', '"') : text);
      flags.push(r.flags[f]!);
    }
    out.push({ fields, flags, raw: r.buf.toString('utf8', r.start, r.end), line: r.line, ...(r.malformed ? { malformed: r.malformed } : {}) });
  };
  const scanner = new CsvScanner(8, maxRecordBytes, 'raw/t.csv.gz');
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk), onRecord);
  scanner.end(onRecord);
  return out;
}

describe('CsvScanner', () => {
  it.each([1, 2, 3, 1024])('splits records and fields whatever the chunk size (%i bytes)', (chunk) => {
    const records = scan('a,b,c\n1,,3\n', chunk);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '', '3'],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
  });

  it('keeps commas, doubled quotes, CR and LF inside quoted fields, and counts the lines they span', () => {
    const records = scan('x,y\n"a,b","say ""hi"""\n"line1\nline2\r\nline3",z\nlast,one\n', 2);
    expect(records.map((r) => r.fields)).toEqual([
      ['x', 'y'],
      ['a,b', 'say "hi"'],
      ['line1\nline2\r\nline3', 'z'],
      ['last', 'one'],
    ]);
    expect(records[1]!.flags).toEqual([QUOTED, QUOTED_ESCAPED]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it('ends records at CRLF without keeping the CR, in quoted and unquoted fields', () => {
    const records = scan('a,b\r\n1,"2"\r\n3,4', 1);
    expect(records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(records.map((r) => r.raw)).toEqual(['a,b', '1,"2"', '3,4']);
  });

  it('reads a last record without a line terminator, and adds none after a final newline', () => {
    expect(scan('a\nb').map((r) => r.fields)).toEqual([['a'], ['b']]);
    expect(scan('a\nb\n').map((r) => r.fields)).toEqual([['a'], ['b']]);
  });

  it('tells an empty unquoted field (NULL) from a quoted empty string', () => {
    const [record] = scan(',""\n');
    expect(record!.fields).toEqual(['', '']);
    expect(record!.flags).toEqual([UNQUOTED, QUOTED]);
  });

  it('flags text after a closing quote as malformed but keeps scanning', () => {
    const records = scan('"a"b,c\nd,e\n');
    expect(records[0]!.malformed).toBe('text after the closing quote of field 1');
    expect(records[1]!.fields).toEqual(['d', 'e']);
  });

  it('counts every field of a record even beyond the ones it keeps', () => {
    let count = 0;
    new CsvScanner(2, 1 << 20, 'k').push(Buffer.from('1,2,3,4,5\n'), (r) => (count = r.fieldCount));
    expect(count).toBe(5);
  });

  it('refuses a record larger than its limit (an unterminated quote), naming the line', () => {
    expect(() => scan('a\n"unterminated,' + 'x'.repeat(100), 16, 64)).toThrow(RecordTooLargeError);
    expect(() => scan('a\n"unterminated,' + 'x'.repeat(100), 16, 64)).toThrow(/line 2/);
  });
});
