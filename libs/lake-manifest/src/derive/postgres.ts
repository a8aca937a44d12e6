// The OLTP side of a source column: its PostgreSQL type, both ways. The names are PostgreSQL's own (what
// format_type prints), so a type the server reports, e.g. in a CDC control record, maps back to a logical type.
import type { LakeColumn } from '../model.js';
import type { LogicalType } from '../vocabulary.js';

/** PostgreSQL types for logical types, where a column declares no `source.pgType` of its own. */
const PG_TYPES: Record<LogicalType, string> = {
  boolean: 'boolean',
  int: 'integer',
  long: 'bigint',
  double: 'double precision',
  string: 'text',
  date: 'date',
  timestamptz: 'timestamp with time zone',
};

export function pgColumnType(column: LakeColumn): string {
  return column.source?.pgType ?? PG_TYPES[column.type];
}

/**
 * The logical type whose default PostgreSQL type is `pgType` (a type modifier such as numeric(5,2) is ignored);
 * undefined for a type no logical type maps to by default, which a column takes with `source.pgType`.
 */
export function logicalTypeOfPgType(pgType: string): LogicalType | undefined {
  const base = pgBaseType(pgType);
  return (Object.keys(PG_TYPES) as LogicalType[]).find((type) => PG_TYPES[type] === base);
}

/** A PostgreSQL type name without its modifier, lower-case: numeric(5,2) → numeric. */
export function pgBaseType(pgType: string): string {
  return pgType.replace(/\(.*\)$/, '').trim().toLowerCase();
}
