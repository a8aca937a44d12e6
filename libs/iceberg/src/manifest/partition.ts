// Partition values: typing them from the spec, validating callers' values, and keying them for comparison.
import type { IcebergPartitionSpec, IcebergSchema, LogicalType } from '@datamaster/lake-manifest';
import { isValueOfType } from '../avro/single-value.js';
import { InvalidDataFileError, InvalidMetadataError } from '../errors.js';
import type { PartitionValue, PartitionValues } from './data-file.js';

type SpecField = IcebergPartitionSpec['fields'][number];

/** Each partition field with its result type (identity transforms keep the source column's type). */
export function partitionFieldTypes(schema: IcebergSchema, spec: IcebergPartitionSpec): { field: SpecField; type: LogicalType }[] {
  return spec.fields.map((field) => {
    const source = schema.fields.find((f) => f.id === field['source-id']);
    if (source === undefined) {
      throw new InvalidMetadataError(`partition spec ${spec['spec-id']}`, `field ${field.name} has source-id ${field['source-id']}, which is not in schema ${schema['schema-id']}`);
    }
    return { field, type: source.type };
  });
}

/** Checks a data file's partition tuple against the spec: exactly the spec's fields, each of its type. */
export function checkPartition(path: string, schema: IcebergSchema, spec: IcebergPartitionSpec, partition: PartitionValues): void {
  const fields = partitionFieldTypes(schema, spec);
  const expected = fields.map((f) => f.field.name);
  const extra = Object.keys(partition).filter((k) => !expected.includes(k));
  if (extra.length > 0) throw new InvalidDataFileError(path, `partition has fields ${extra.join(', ')} that the spec does not (spec fields: ${expected.join(', ') || 'none'})`);
  for (const { field, type } of fields) {
    const value = partition[field.name];
    if (value === undefined) throw new InvalidDataFileError(path, `partition value for "${field.name}" is missing (spec fields: ${expected.join(', ')})`);
    if (value !== null && !isValueOfType(type, value)) {
      throw new InvalidDataFileError(path, `partition value ${JSON.stringify(value)} for "${field.name}" is not a ${type}`);
    }
  }
}

/** A stable key of a partition tuple in spec order, for set membership. */
export function partitionKey(spec: IcebergPartitionSpec, partition: PartitionValues): string {
  return JSON.stringify(spec.fields.map((f) => partition[f.name] ?? null));
}

/** The folder of a partition's data files under <table>/data, as Iceberg writers name it (name=value/…). */
export function partitionPath(spec: IcebergPartitionSpec, partition: PartitionValues): string {
  return spec.fields.map((f) => `${f.name}=${encodeURIComponent(String(partition[f.name] ?? null))}`).join('/');
}

/** A partition tuple as a manifest's Avro record holds it: long and timestamptz values as bigint (Avro longs). */
export type AvroPartition = Record<string, PartitionValue | bigint>;

export function partitionToAvro(schema: IcebergSchema, spec: IcebergPartitionSpec, partition: PartitionValues): AvroPartition {
  return Object.fromEntries(
    partitionFieldTypes(schema, spec).map(({ field, type }) => {
      const value = partition[field.name] ?? null;
      return [field.name, value !== null && (type === 'long' || type === 'timestamptz') ? BigInt(value) : value];
    }),
  );
}

export function partitionFromAvro(record: AvroPartition, long: (value: bigint, field: string) => number): PartitionValues {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, typeof value === 'bigint' ? long(value, `data_file.partition.${name}`) : value]));
}
