import { describe, expect, it } from 'vitest';
import { getTable } from '../lookup.js';
import { fixtureManifest } from '../testing.js';
import { LOGICAL_TYPES } from '../vocabulary.js';
import { logicalTypeOfPgType, pgColumnType } from './postgres.js';

describe('PostgreSQL types of source columns', () => {
  it("takes a column's declared pgType, else its logical type's default", () => {
    const purchase = getTable(fixtureManifest(), 'source.purchase');
    const type = (name: string) => pgColumnType(purchase.columns.find((c) => c.name === name)!);
    expect([type('purchase_id'), type('amount'), type('purchased_at')]).toEqual(['bigint', 'numeric', 'bigint']);
  });

  it('maps every default type back to its logical type, ignoring a type modifier, and nothing else', () => {
    const column = getTable(fixtureManifest(), 'source.customer').columns[0]!;
    for (const type of LOGICAL_TYPES) expect(logicalTypeOfPgType(pgColumnType({ ...column, type }))).toBe(type);
    expect(logicalTypeOfPgType('Timestamp with time zone')).toBe('timestamptz');
    expect(logicalTypeOfPgType('integer')).toBe('int');
    expect(logicalTypeOfPgType('numeric(5,2)')).toBeUndefined();
    expect(logicalTypeOfPgType('character varying(20)')).toBeUndefined();
  });
});
