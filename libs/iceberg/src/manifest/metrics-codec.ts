// Data file statistics between the caller's typed form and the manifest's Avro form.
import type { IcebergSchema, LogicalType } from '@datamaster/lake-manifest';
import { deserializeValue, serializeValue, type PrimitiveValue } from '../avro/single-value.js';
import type { DataFileMetrics } from './data-file.js';

interface AvroKeyValue<V> {
  key: number;
  value: V;
}

function fieldType(schema: IcebergSchema, id: number): LogicalType | undefined {
  return schema.fields.find((f) => f.id === id)?.type;
}

type Longs = (value: bigint, field: string) => number;

const countsToAvro = (counts: Readonly<Record<number, number>> | undefined): AvroKeyValue<bigint>[] | null =>
  counts === undefined ? null : Object.entries(counts).map(([key, value]) => ({ key: Number(key), value: BigInt(value) }));

const countsFromAvro = (entries: AvroKeyValue<bigint>[] | null, long: Longs, field: string): Record<number, number> | undefined =>
  entries === null ? undefined : Object.fromEntries(entries.map((e) => [e.key, long(e.value, `data_file.${field}[${e.key}]`)]));

function boundsToAvro(schema: IcebergSchema, bounds: Readonly<Record<number, PrimitiveValue>> | undefined): AvroKeyValue<Buffer>[] | null {
  if (bounds === undefined) return null;
  return Object.entries(bounds).flatMap(([key, value]) => {
    const type = fieldType(schema, Number(key));
    // Callers' bounds are checked against the schema first (checkNewFiles); this only skips the untypable.
    return type === undefined ? [] : [{ key: Number(key), value: serializeValue(type, value) }];
  });
}

function boundsFromAvro(schema: IcebergSchema, entries: AvroKeyValue<Buffer>[] | null): Record<number, PrimitiveValue> | undefined {
  if (entries === null) return undefined;
  return Object.fromEntries(
    entries.flatMap((e) => {
      const type = fieldType(schema, e.key);
      return type === undefined ? [] : [[e.key, deserializeValue(type, e.value)]];
    }),
  );
}

export interface AvroMetrics {
  column_sizes: AvroKeyValue<bigint>[] | null;
  value_counts: AvroKeyValue<bigint>[] | null;
  null_value_counts: AvroKeyValue<bigint>[] | null;
  lower_bounds: AvroKeyValue<Buffer>[] | null;
  upper_bounds: AvroKeyValue<Buffer>[] | null;
}

export function metricsToAvro(schema: IcebergSchema, metrics: DataFileMetrics | undefined): AvroMetrics {
  return {
    column_sizes: countsToAvro(metrics?.columnSizes),
    value_counts: countsToAvro(metrics?.valueCounts),
    null_value_counts: countsToAvro(metrics?.nullValueCounts),
    lower_bounds: boundsToAvro(schema, metrics?.lowerBounds),
    upper_bounds: boundsToAvro(schema, metrics?.upperBounds),
  };
}

/** `long` reads a count as a number, naming the field of the manifest when it cannot. */
export function metricsFromAvro(schema: IcebergSchema, avro: AvroMetrics, long: Longs): DataFileMetrics | undefined {
  const metrics: DataFileMetrics = {
    columnSizes: countsFromAvro(avro.column_sizes, long, 'column_sizes'),
    valueCounts: countsFromAvro(avro.value_counts, long, 'value_counts'),
    nullValueCounts: countsFromAvro(avro.null_value_counts, long, 'null_value_counts'),
    lowerBounds: boundsFromAvro(schema, avro.lower_bounds),
    upperBounds: boundsFromAvro(schema, avro.upper_bounds),
  };
  const present = Object.entries(metrics).filter(([, v]) => v !== undefined);
  return present.length === 0 ? undefined : (Object.fromEntries(present) as DataFileMetrics);
}
