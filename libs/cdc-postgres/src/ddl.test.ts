import { getTable, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import { fixtureManifest } from '@datamaster/lake-manifest/testing';
import { describe, expect, it } from 'vitest';
import { sourceDdl } from './ddl.js';

describe('sourceDdl', () => {
  const manifest = fixtureManifest();

  it('creates the schema, then one idempotent table per manifest source table', () => {
    const statements = sourceDdl(manifest);
    const sources = manifest.tables.filter((table) => table.layer === 'source');
    expect(statements[0]).toBe('CREATE SCHEMA IF NOT EXISTS "shop"');
    expect(statements).toHaveLength(1 + sources.length);
    for (const table of sources) expect(statements).toContainEqual(expect.stringContaining(`CREATE TABLE IF NOT EXISTS "shop"."${table.name}" (`));
  });

  it("takes types from the column's pgType, nullability and the primary key from the manifest", () => {
    const purchase = sourceDdl(manifest).find((statement) => statement.includes('"purchase"'));
    expect(purchase).toContain('  "purchase_id" bigint NOT NULL,');
    expect(purchase).toContain('  "amount" numeric,');
    expect(purchase).toContain('  "purchased_at" bigint NOT NULL,');
    expect(purchase).toContain('  PRIMARY KEY ("purchase_id")');
  });

  it('maps every logical type and keeps the order of a composite key', () => {
    const base = getTable(manifest, 'source.customer');
    const column = (id: number, name: string, type: LakeTable['columns'][number]['type']) => ({ ...base.columns[0]!, id, name, type });
    const table: LakeTable = {
      ...base,
      name: 'typed',
      source: { schema: 'other', table: 'typed' },
      primaryKey: ['b', 'a'],
      columns: [
        column(1, 'a', 'long'),
        column(2, 'b', 'int'),
        { ...column(3, 'c', 'double'), nullable: true },
        column(4, 'd', 'string'),
        column(5, 'e', 'boolean'),
        column(6, 'f', 'date'),
        column(7, 'g', 'timestamptz'),
      ],
    };
    const only: LakeManifest = { ...manifest, tables: [table] };
    expect(sourceDdl(only)).toEqual([
      'CREATE SCHEMA IF NOT EXISTS "other"',
      [
        'CREATE TABLE IF NOT EXISTS "other"."typed" (',
        '  "a" bigint NOT NULL,',
        '  "b" integer NOT NULL,',
        '  "c" double precision,',
        '  "d" text NOT NULL,',
        '  "e" boolean NOT NULL,',
        '  "f" date NOT NULL,',
        '  "g" timestamp with time zone NOT NULL,',
        '  PRIMARY KEY ("b", "a")',
        ')',
      ].join('\n'),
    ]);
  });
});
