// Per-partition-field summaries of a manifest, stored in the manifest list so readers can skip manifests.
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';
import { compareValues, serializeValue, type PrimitiveValue } from '../avro/single-value.js';
import type { PartitionValues } from './data-file.js';
import { partitionFieldTypes } from './partition.js';

export interface FieldSummary {
  readonly containsNull: boolean;
  readonly containsNan: boolean | null;
  readonly lowerBound: Uint8Array | null;
  readonly upperBound: Uint8Array | null;
}

export function summarizePartitions(schema: IcebergSchema, spec: IcebergPartitionSpec, partitions: readonly PartitionValues[]): FieldSummary[] {
  return partitionFieldTypes(schema, spec).map(({ field, type }) => {
    const values = partitions.map((p) => p[field.name] ?? null);
    const present = values.filter((v): v is PrimitiveValue => v !== null).sort(compareValues);
    const nan = type === 'double' ? present.some((v) => Number.isNaN(v)) : null;
    const ordered = present.filter((v) => !(typeof v === 'number' && Number.isNaN(v)));
    const lower = ordered[0];
    const upper = ordered[ordered.length - 1];
    return {
      containsNull: values.length !== present.length,
      containsNan: nan,
      lowerBound: lower === undefined ? null : serializeValue(type, lower),
      upperBound: upper === undefined ? null : serializeValue(type, upper),
    };
  });
}
