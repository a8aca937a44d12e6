// A query's rows rendered as text by DuckDB itself: one CSV line or one JSON object per row. DuckDB renders
// on all its threads, in C++, so a large export costs about what its own COPY costs; JavaScript only
// passes the bytes on. The values read as the typed rows do: BIGINTs as JSON numbers when exact (else
// strings), timestamps and dates as ISO-8601 in UTC with milliseconds, NULL as an empty CSV field / null.
import { DuckDBTypeId } from '@duckdb/node-api';
import { sqlString } from '../engine/sql.js';
import { querySource } from './query-source.js';

export type QueryTextFormat = 'csv' | 'json';

export interface TypedColumn {
  readonly name: string;
  readonly typeId: DuckDBTypeId;
}

const TEMPORAL = new Set([DuckDBTypeId.DATE, DuckDBTypeId.TIMESTAMP, DuckDBTypeId.TIMESTAMP_S, DuckDBTypeId.TIMESTAMP_MS, DuckDBTypeId.TIMESTAMP_NS, DuckDBTypeId.TIMESTAMP_TZ]);
/** Integers JSON.parse may not read exactly. */
const WIDE_INTEGERS = new Set([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT, DuckDBTypeId.BIGNUM]);
const FLOATS = new Set([DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE]);
/** Values whose text is a JSON number or boolean as DuckDB casts it, and never needs CSV quoting. */
const PLAIN = new Set([
  DuckDBTypeId.BOOLEAN,
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.DECIMAL,
  ...WIDE_INTEGERS,
  ...FLOATS,
]);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const text = (ref: string) => `CAST(${ref} AS VARCHAR)`;
// Date.toISOString's shape, which the typed rows use too; infinite timestamps come out as "infinity".
const iso = (ref: string) => `strftime(${ref}, '%Y-%m-%dT%H:%M:%S.%gZ')`;

/** The CSV field of a value: never NULL, quoted (RFC 4180) only when it holds a quote, comma or line break. */
function csvField(ref: string, typeId: DuckDBTypeId): string {
  if (TEMPORAL.has(typeId)) return `coalesce(${iso(ref)}, '')`;
  if (PLAIN.has(typeId)) return `coalesce(${text(ref)}, '')`;
  const value = text(ref);
  return `CASE WHEN ${ref} IS NULL THEN '' WHEN regexp_matches(${value}, '[",\\r\\n]') THEN '"' || replace(${value}, '"', '""') || '"' ELSE ${value} END`;
}

/** The JSON text of a value, never NULL. */
function jsonValue(ref: string, typeId: DuckDBTypeId): string {
  let value: string;
  if (TEMPORAL.has(typeId)) value = `'"' || ${iso(ref)} || '"'`;
  else if (WIDE_INTEGERS.has(typeId)) value = `CASE WHEN ${ref} BETWEEN -${MAX_SAFE} AND ${MAX_SAFE} THEN ${text(ref)} ELSE '"' || ${text(ref)} || '"' END`;
  // NaN and ±inf have no JSON number; JSON.stringify makes them null too.
  else if (FLOATS.has(typeId)) value = `CASE WHEN isfinite(${ref}) THEN ${text(ref)} END`;
  else if (PLAIN.has(typeId)) value = text(ref);
  else value = text(`to_json(${ref})`);
  return `coalesce(${value}, 'null')`;
}

/**
 * The SELECT of one BLOB column, `line`, holding each row of `sql` as UTF-8 text, in result order: bytes, so that
 * they go out as they are, never decoded into JavaScript strings and encoded again.
 */
export function rowTextSql(sql: string, columns: readonly TypedColumn[], format: QueryTextFormat): string {
  const { from, refs } = querySource(sql, columns.length);
  const parts =
    format === 'csv'
      ? columns.flatMap((column, i) => [...(i === 0 ? [] : ["','"]), csvField(refs[i] as string, column.typeId)])
      : [...columns.flatMap((column, i) => [sqlString(`${i === 0 ? '{' : ','}${JSON.stringify(column.name)}:`), jsonValue(refs[i] as string, column.typeId)]), "'}'"];
  return `SELECT encode(concat(${parts.join(', ')})) AS line FROM ${from}`;
}
