// Arrow and Parquet types of a table's columns, as plain descriptors: the manifest library stays
// free of Arrow/Parquet dependencies, and the writers map these one-to-one onto their own classes.
import type { LakeTable } from '../model.js';
import type { LogicalType } from '../vocabulary.js';

export type ArrowType =
  | { readonly typeId: 'Bool' | 'Int32' | 'Int64' | 'Float64' | 'Utf8' }
  | { readonly typeId: 'Date32' }
  | { readonly typeId: 'Timestamp'; readonly unit: 'MICROSECOND'; readonly timezone: 'UTC' };

export interface ParquetType {
  readonly physical: 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';
  readonly logical?: 'STRING' | 'DATE' | 'TIMESTAMP_MICROS_UTC';
}

export interface ColumnarField {
  readonly name: string;
  readonly fieldId: number;
  readonly nullable: boolean;
  readonly arrow: ArrowType;
  readonly parquet: ParquetType;
}

const COLUMNAR_TYPES: Record<LogicalType, { arrow: ArrowType; parquet: ParquetType }> = {
  boolean: { arrow: { typeId: 'Bool' }, parquet: { physical: 'BOOLEAN' } },
  int: { arrow: { typeId: 'Int32' }, parquet: { physical: 'INT32' } },
  long: { arrow: { typeId: 'Int64' }, parquet: { physical: 'INT64' } },
  double: { arrow: { typeId: 'Float64' }, parquet: { physical: 'DOUBLE' } },
  string: { arrow: { typeId: 'Utf8' }, parquet: { physical: 'BYTE_ARRAY', logical: 'STRING' } },
  date: { arrow: { typeId: 'Date32' }, parquet: { physical: 'INT32', logical: 'DATE' } },
  timestamptz: { arrow: { typeId: 'Timestamp', unit: 'MICROSECOND', timezone: 'UTC' }, parquet: { physical: 'INT64', logical: 'TIMESTAMP_MICROS_UTC' } },
};

/** The Arrow/Parquet schema of a table; field ids become Parquet field_id (Iceberg reads them). */
export function columnarSchema(table: LakeTable): ColumnarField[] {
  return table.columns.map((column) => ({ name: column.name, fieldId: column.id, nullable: column.nullable, ...COLUMNAR_TYPES[column.type] }));
}
