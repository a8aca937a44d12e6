import type { LakeColumn } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { ByteSink } from './byte-sink.js';
import { csvField, csvRowEncoder, type CsvTable, type SeedRecord } from './csv.js';
import { InvalidCellError, MissingColumnError, UnsupportedColumnError } from './errors.js';
import { sourceTable } from './source-tables.js';

const column = (name: string, type: LakeColumn['type'], extra: Partial<LakeColumn> = {}): LakeColumn => ({
  id: 1,
  name,
  type,
  nullable: false,
  description: name,
  classification: 'public',
  origin: 'declared',
  ...extra,
});

function encodeLines(table: CsvTable, records: readonly SeedRecord[]): string {
  const encoder = csvRowEncoder(table);
  const out = new ByteSink(16);
  encoder.writeHeader(out);
  for (const record of records) encoder.encode(record, out);
  return out.take().toString('utf8');
}

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['Smith, Jones & Sons', '"Smith, Jones & Sons"'],
    ['The "Lucky" Dog', '"The ""Lucky"" Dog"'],
    ['two\nlines', '"two\nlines"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['', '""'],
  ])('writes %j as %j', (text, field) => {
    expect(csvField(text)).toBe(field);
  });
});

describe('csvRowEncoder', () => {
  const table: CsvTable = {
    ref: 'source.sample',
    columns: [
      column('id', 'long'),
      column('name', 'string'),
      column('score', 'double', { nullable: true }),
      column('at', 'timestamptz', { source: { pgType: 'bigint', encoding: 'unix-seconds' } }),
    ],
  };

  it('writes the manifest columns in manifest order, whatever the order of the record', () => {
    const lines = encodeLines(table, [
      { at: 1_356_998_399, score: 4.5, name: 'Hop "Monster", Batch 2', id: 1 },
      { id: 2, name: 'Kölsch', score: 3, at: 883_612_800 },
    ]);
    expect(lines).toBe('id,name,score,at\n1,"Hop ""Monster"", Batch 2",4.5,1356998399\n2,Kölsch,3,883612800\n');
  });

  it('writes null as an empty field in nullable columns', () => {
    expect(encodeLines(table, [{ id: 1, name: 'x', score: null, at: 0 }])).toBe('id,name,score,at\n1,x,,0\n');
  });

  it('uses the header and order of the source tables in the lake manifest', () => {
    const review = sourceTable('review');
    const header = encodeLines(review, []).trimEnd();
    expect(header.split(',')).toEqual(review.columns.map((c) => c.name));
  });

  it('fails, naming the column, when a record lacks a manifest column', () => {
    const review = sourceTable('review');
    const grown: CsvTable = { ref: review.ref, columns: [...review.columns, column('review_text', 'string')] };
    const record = Object.fromEntries(review.columns.map((c) => [c.name, c.type === 'string' ? 'x' : 1]));
    const encode = () => encodeLines(grown, [record]);
    expect(encode).toThrow(MissingColumnError);
    expect(encode).toThrow(/no value for column "review_text" of source\.review/);
  });

  it('rejects null in a non-nullable column and values of the wrong kind', () => {
    expect(() => encodeLines(table, [{ id: null, name: 'x', score: 1, at: 0 }])).toThrow(InvalidCellError);
    expect(() => encodeLines(table, [{ id: 1.5, name: 'x', score: 1, at: 0 }])).toThrow('Generated value 1.5 for column "id" of source.sample is invalid: expected an integer.');
    expect(() => encodeLines(table, [{ id: 1, name: 7, score: 1, at: 0 }])).toThrow(/"name".*expected a string/);
    expect(() => encodeLines(table, [{ id: 1, name: 'x', score: Number.NaN, at: 0 }])).toThrow(/"score".*expected a finite number/);
  });

  it('refuses up front a column type it cannot write', () => {
    const withFlag: CsvTable = { ref: 'source.sample', columns: [column('active', 'boolean')] };
    expect(() => csvRowEncoder(withFlag)).toThrow(UnsupportedColumnError);
    const isoTime: CsvTable = { ref: 'source.sample', columns: [column('at', 'timestamptz')] };
    expect(() => csvRowEncoder(isoTime)).toThrow(/"at" of source\.sample: type "timestamptz without unix-seconds encoding"/);
  });
});
