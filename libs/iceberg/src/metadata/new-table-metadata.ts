// The metadata of a new, empty table, with schema and partition spec derived from the lake manifest.
import { randomUUID } from 'node:crypto';
import { FIRST_PARTITION_FIELD_ID, icebergPartitionSpec, icebergSchema, type LakeTable } from '@datamaster/lake-manifest';
import type { TableMetadata } from './table-metadata.js';

export interface NewTableOptions {
  /** Table root as a URI, e.g. file:///lake/silver.db/review. */
  readonly location: string;
  readonly properties?: Readonly<Record<string, string>>;
  readonly now?: number;
}

export function newTableMetadata(table: LakeTable, options: NewTableOptions): TableMetadata {
  const schema = icebergSchema(table);
  const spec = icebergPartitionSpec(table);
  const now = options.now ?? Date.now();
  return {
    'format-version': 2,
    'table-uuid': randomUUID(),
    location: options.location.replace(/\/+$/, ''),
    'last-sequence-number': 0,
    'last-updated-ms': now,
    'last-column-id': Math.max(0, ...schema.fields.map((f) => f.id)),
    schemas: [schema],
    'current-schema-id': schema['schema-id'],
    'partition-specs': [spec],
    'default-spec-id': spec['spec-id'],
    // The spec's convention: one below the first partition field id when a table is unpartitioned.
    'last-partition-id': Math.max(FIRST_PARTITION_FIELD_ID - 1, ...spec.fields.map((f) => f['field-id'])),
    properties: { ...options.properties },
    'current-snapshot-id': null,
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    'default-sort-order-id': 0,
    refs: {},
  };
}
