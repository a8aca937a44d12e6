import { icebergSchema } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { InvalidGlueNameError } from '../errors.js';
import { newTableMetadata } from '../metadata/new-table-metadata.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { partitionedTable } from '../testing/catalog-fixture.js';
import { glueColumns, glueDatabaseInput, glueName, glueType } from './glue-table-input.js';

describe('glueType', () => {
  it("names Iceberg types as Iceberg's IcebergToGlueConverter does", () => {
    const expected: [unknown, string][] = [
      ['boolean', 'boolean'],
      ['int', 'int'],
      ['long', 'bigint'],
      ['float', 'float'],
      ['double', 'double'],
      ['date', 'date'],
      ['time', 'string'],
      ['string', 'string'],
      ['uuid', 'string'],
      ['timestamp', 'timestamp'],
      ['timestamptz', 'timestamp'],
      ['binary', 'binary'],
      ['fixed[16]', 'binary'],
      ['decimal(10, 2)', 'decimal(10,2)'],
      [{ type: 'list', 'element-id': 3, element: 'long', 'element-required': true }, 'array<bigint>'],
      [{ type: 'map', 'key-id': 4, key: 'string', 'value-id': 5, value: 'timestamptz', 'value-required': false }, 'map<string,timestamp>'],
      [{ type: 'struct', fields: [{ id: 6, name: 'a', type: 'int' }, { id: 7, name: 'b', type: { type: 'list', element: 'string' } }] }, 'struct<a:int,b:array<string>>'],
    ];
    expect(expected.map(([type]) => glueType(type))).toEqual(expected.map(([, glue]) => glue));
  });
});

describe('glueColumns', () => {
  it('lists the current schema, then columns only older schemas have, with Iceberg field id, optionality and currency', () => {
    const metadata = newTableMetadata(partitionedTable(), { location: 's3://lake/gold.db/t' });
    const [first, ...rest] = icebergSchema(partitionedTable()).fields;
    const evolved: TableMetadata = {
      ...metadata,
      schemas: [...metadata.schemas, { ...icebergSchema(partitionedTable(), 1), fields: rest }],
      'current-schema-id': 1,
    };
    const columns = glueColumns(evolved);
    expect(columns.map((c) => [c.Name, c.Parameters?.['iceberg.field.current']])).toEqual([
      ...rest.map((f) => [f.name, 'true']),
      [first?.name, 'false'],
    ]);
    const field = rest.find((f) => f.type === 'long')!;
    expect(columns.find((c) => c.Name === field.name)).toEqual({
      Name: field.name,
      Type: 'bigint',
      Comment: field.doc,
      Parameters: { 'iceberg.field.id': String(field.id), 'iceberg.field.optional': String(!field.required), 'iceberg.field.current': 'true' },
    });
  });
});

describe('glue names and database input', () => {
  it('accepts only names Glue keeps as written', () => {
    expect(glueName('database', 'gold_2')).toBe('gold_2');
    for (const name of ['Gold', 'a.b', 'a-b', '', 'x'.repeat(253)]) {
      expect(() => glueName('database', name)).toThrow(InvalidGlueNameError);
    }
    expect(() => glueName('table', 'x'.repeat(255))).not.toThrow();
    expect(() => glueName('table', 'Beer')).toThrow('"Beer" cannot be a Glue table name');
  });

  it('maps the location and comment properties to LocationUri and Description, the rest to parameters', () => {
    expect(glueDatabaseInput('gold', { location: 's3://lake/gold', comment: 'Gold layer', owner: 'data-platform' })).toEqual({
      Name: 'gold',
      LocationUri: 's3://lake/gold',
      Description: 'Gold layer',
      Parameters: { owner: 'data-platform' },
    });
  });
});
