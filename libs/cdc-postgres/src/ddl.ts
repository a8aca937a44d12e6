import { pgColumnType, quoteIdentifier, type LakeManifest } from '@datamaster/lake-manifest';
import { sourceTables, type SourceTable } from './source-tables.js';

/**
 * The OLTP schema as SQL statements, derived from the manifest's source tables: one CREATE SCHEMA per
 * source schema, one CREATE TABLE per table. Every statement is idempotent (IF NOT EXISTS), so running
 * them all again is a no-op. No foreign keys: the manifest declares none, and CDC does not need them.
 */
export function sourceDdl(manifest: LakeManifest): string[] {
  const tables = sourceTables(manifest);
  const schemas = [...new Set(tables.map((table) => table.schema))];
  return [...schemas.map((schema) => `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`), ...tables.map(createTable)];
}

function createTable({ table, qualified }: SourceTable): string {
  const columns = table.columns.map((column) => `  ${quoteIdentifier(column.name)} ${pgColumnType(column)}${column.nullable ? '' : ' NOT NULL'}`);
  const primaryKey = `  PRIMARY KEY (${table.primaryKey.map(quoteIdentifier).join(', ')})`;
  return `CREATE TABLE IF NOT EXISTS ${qualified} (\n${[...columns, primaryKey].join(',\n')}\n)`;
}
