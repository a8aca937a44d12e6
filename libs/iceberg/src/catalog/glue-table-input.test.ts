import { icebergSchema } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { InvalidGlueNameError } from '../errors.js';
import { newTableMetadata } from '../metadata/new-table-metadata.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import { partitionedTable } from '../testing/catalog-fixture.js';
import { glueColumns, glueDatabaseInput, glueName } from './glue-table-input.js';

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
