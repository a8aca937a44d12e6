// Iceberg schema and partition spec of a table, in the JSON shape of the table-metadata spec.
import type { LakeTable } from '../model.js';
import type { LogicalType } from '../vocabulary.js';

export interface IcebergField {
  readonly id: number;
  readonly name: string;
  readonly required: boolean;
  readonly type: LogicalType;
  readonly doc: string;
}

export interface IcebergSchema {
  readonly type: 'struct';
  readonly 'schema-id': number;
  readonly 'identifier-field-ids': number[];
  readonly fields: IcebergField[];
}

export interface IcebergPartitionSpec {
  readonly 'spec-id': number;
  readonly fields: { readonly 'source-id': number; readonly 'field-id': number; readonly name: string; readonly transform: 'identity' }[];
}

/** Partition field ids start at 1000, as the spec requires for v2 tables. */
export const FIRST_PARTITION_FIELD_ID = 1000;

export function icebergSchema(table: LakeTable, schemaId = 0): IcebergSchema {
  const idOf = (name: string) => table.columns.find((c) => c.name === name)?.id;
  return {
    type: 'struct',
    'schema-id': schemaId,
    'identifier-field-ids': table.primaryKey.map((name) => idOf(name)).filter((id): id is number => id !== undefined),
    fields: table.columns.map((c) => ({ id: c.id, name: c.name, required: !c.nullable, type: c.type, doc: c.description })),
  };
}

export function icebergPartitionSpec(table: LakeTable, specId = 0): IcebergPartitionSpec {
  return {
    'spec-id': specId,
    fields: table.partitionBy.map((field, i) => ({
      'source-id': table.columns.find((c) => c.name === field.column)?.id ?? -1,
      'field-id': FIRST_PARTITION_FIELD_ID + i,
      name: field.column,
      transform: field.transform,
    })),
  };
}
