// The Arrow schema of a bronze file and the column buffers that fill it, from the manifest's
// columnar types. Strings are dictionary-encoded: op, state, beer_style and raw_object_key have a
// handful of values, and even unique strings cost only a map lookup, while UTF-8 checks and PII
// masking then run once per distinct value instead of once per row.
import { DateDay, Dictionary, Field, Float64, Int32, Int64, Schema, TimestampMicrosecond, Utf8, Bool, type DataType } from 'apache-arrow';
import type { ColumnarField } from '@datamaster/lake-manifest';
import { BoolBuffer, Float64Buffer, Int32Buffer, Int64Buffer, type ColumnBuffer } from './column-buffers.js';
import { DictionaryBuffer } from './dictionary-buffer.js';

/** Iceberg reads a Parquet column's field id; arrow-rs writes this Arrow field metadata key as it. */
export const PARQUET_FIELD_ID = 'PARQUET:field_id';

function arrowType(field: ColumnarField): DataType {
  switch (field.arrow.typeId) {
    case 'Bool':
      return new Bool();
    case 'Int32':
      return new Int32();
    case 'Int64':
      return new Int64();
    case 'Float64':
      return new Float64();
    case 'Utf8':
      return new Dictionary(new Utf8(), new Int32());
    case 'Date32':
      return new DateDay();
    case 'Timestamp':
      return new TimestampMicrosecond('UTC');
  }
}

export function arrowSchema(fields: readonly ColumnarField[]): Schema {
  return new Schema(fields.map((f) => new Field(f.name, arrowType(f), f.nullable, new Map([[PARQUET_FIELD_ID, String(f.fieldId)]]))));
}

/** One buffer per schema field, each holding `capacity` rows. */
export function columnBuffers(schema: Schema, capacity: number): ColumnBuffer[] {
  return schema.fields.map(({ type }) => {
    if (type instanceof Dictionary) return new DictionaryBuffer(capacity, type as Dictionary<Utf8, Int32>);
    if (type instanceof Int64 || type instanceof TimestampMicrosecond) return new Int64Buffer(capacity, type);
    if (type instanceof Int32 || type instanceof DateDay) return new Int32Buffer(capacity, type);
    if (type instanceof Float64) return new Float64Buffer(capacity);
    return new BoolBuffer(capacity);
  });
}
