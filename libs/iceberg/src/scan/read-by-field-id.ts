// Column projection by field id (spec, "Column Projection") with DuckDB: read_parquet's `schema` parameter maps each
// Parquet field id to a column name and type. So a renamed column is read from old files under its new name, a
// promoted one is widened, and a column a file lacks (added later) reads as null, whatever each file calls it.
// A file without field ids would read as nulls only, which is why a commit refuses such files (parquetDataFile).
import { duckdbType, LOGICAL_TYPES, type LogicalType } from '@datamaster/lake-manifest';
import { UnreadableColumnTypeError } from '../errors.js';
import { sqlString } from '../stats/parquet-data-file.js';

export interface ProjectedColumn {
  /** The Iceberg field id the Parquet files carry. */
  readonly id: number;
  /** The name the column gets in the result. */
  readonly name: string;
  /** The Iceberg type to read it as (the table's current type). */
  readonly type: string;
}

const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(\d+)\s*\)$/;

/** DuckDB's type for a column: the lake manifest's types, and those the v2 promotions lead to. */
function duckdbTypeOf(column: ProjectedColumn): string {
  if ((LOGICAL_TYPES as readonly string[]).includes(column.type)) return duckdbType(column.type as LogicalType);
  if (column.type === 'float') return 'FLOAT';
  const decimal = DECIMAL.exec(column.type);
  if (decimal !== null) return `DECIMAL(${decimal[1]}, ${decimal[2]})`;
  throw new UnreadableColumnTypeError(column.name, column.type, [...LOGICAL_TYPES, 'float', 'decimal(P,S)']);
}

/** `read_parquet(...)` over `paths` with exactly `columns`, each found by field id. */
export function readParquetByFieldId(paths: readonly string[], columns: readonly ProjectedColumn[]): string {
  const schema = columns.map((c) => `${c.id}: {name: ${sqlString(c.name)}, type: ${sqlString(duckdbTypeOf(c))}, default_value: NULL}`);
  return `read_parquet([${paths.map(sqlString).join(', ')}], hive_partitioning = false, schema = MAP {${schema.join(', ')}})`;
}
