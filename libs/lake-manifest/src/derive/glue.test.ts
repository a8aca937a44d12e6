import { describe, expect, it } from 'vitest';
import { glueType } from './glue.js';

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
