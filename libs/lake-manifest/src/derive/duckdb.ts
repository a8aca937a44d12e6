// DuckDB DDL for a table, used by the embedded engine for staging and scratch tables.
import type { LakeTable } from '../model.js';
import type { LogicalType } from '../vocabulary.js';

const DUCKDB_TYPES: Record<LogicalType, string> = {
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  long: 'BIGINT',
  double: 'DOUBLE',
  string: 'VARCHAR',
  date: 'DATE',
  timestamptz: 'TIMESTAMPTZ',
};

export function duckdbType(type: LogicalType): string {
  return DUCKDB_TYPES[type];
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * `CREATE TABLE "<layer>"."<name>" (...)`. No PRIMARY KEY constraint: the lake enforces keys in
 * its MERGE, and a DuckDB index would only slow the bulk loads down.
 */
export function duckdbCreateTable(table: LakeTable, schema: string = table.layer): string {
  const columns = table.columns.map((c) => `  ${quoteIdentifier(c.name)} ${DUCKDB_TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`);
  return `CREATE TABLE ${quoteIdentifier(schema)}.${quoteIdentifier(table.name)} (\n${columns.join(',\n')}\n);`;
}
