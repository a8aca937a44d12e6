// Schema, partition and property changes as the spec's catalogs exchange them (REST "CommitTableRequest"): requirements the
// table must still meet, and updates applied in order. A change built on one version of the metadata can then be
// re-applied to a newer one after a commit conflict (a concurrent append is kept), while a concurrent schema or
// spec change fails its requirement instead of being silently overwritten.
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';
import { tableName, type IcebergTable } from '../catalog/table.js';
import { InvalidMetadataError, TableRequirementFailedError } from '../errors.js';
import type { TableMetadata } from './table-metadata.js';

export type TableRequirement =
  | { readonly type: 'assert-current-schema-id'; readonly 'current-schema-id': number }
  | { readonly type: 'assert-last-assigned-field-id'; readonly 'last-assigned-field-id': number }
  | { readonly type: 'assert-default-spec-id'; readonly 'default-spec-id': number }
  | { readonly type: 'assert-last-assigned-partition-id'; readonly 'last-assigned-partition-id': number };

/** `-1` as an id means "the one this change last added", as in the spec. */
export type TableUpdate =
  | { readonly action: 'add-schema'; readonly schema: IcebergSchema }
  | { readonly action: 'set-current-schema'; readonly 'schema-id': number }
  | { readonly action: 'add-spec'; readonly spec: IcebergPartitionSpec }
  | { readonly action: 'set-default-spec'; readonly 'spec-id': number }
  | { readonly action: 'set-properties'; readonly updates: Readonly<Record<string, string>> }
  | { readonly action: 'remove-properties'; readonly removals: readonly string[] };

export interface TableChange {
  readonly requirements: readonly TableRequirement[];
  readonly updates: readonly TableUpdate[];
}

/** What a requirement expects, and what the metadata has. */
function expectedAndActual(requirement: TableRequirement, m: TableMetadata): [number, number] {
  switch (requirement.type) {
    case 'assert-current-schema-id':
      return [requirement['current-schema-id'], m['current-schema-id']];
    case 'assert-last-assigned-field-id':
      return [requirement['last-assigned-field-id'], m['last-column-id']];
    case 'assert-default-spec-id':
      return [requirement['default-spec-id'], m['default-spec-id']];
    case 'assert-last-assigned-partition-id':
      return [requirement['last-assigned-partition-id'], m['last-partition-id']];
  }
}

/** Throws TableRequirementFailedError for the first requirement `table` no longer meets. */
export function checkRequirements(table: IcebergTable, requirements: readonly TableRequirement[]): void {
  for (const requirement of requirements) {
    const [expected, actual] = expectedAndActual(requirement, table.metadata);
    if (actual !== expected) throw new TableRequirementFailedError(tableName(table.identifier), requirement.type.replace(/^assert-/, ''), expected, actual);
  }
}

// Compared field by field: metadata other writers wrote may order the keys of each field differently.
const schemaKey = (s: IcebergSchema) => JSON.stringify([s['identifier-field-ids'], s.fields.map((f) => [f.id, f.name, f.type, f.required, f.doc ?? ''])]);
const specKey = (s: IcebergPartitionSpec) => JSON.stringify(s.fields.map((f) => [f['source-id'], f['field-id'], f.name, f.transform]));

/**
 * The metadata of `table` with `change` applied, after checking its requirements. An added schema or spec equal
 * to one the table already has is not added again: that one becomes current, as Iceberg Java does.
 */
export function applyTableChange(table: IcebergTable, change: TableChange, now = Date.now()): TableMetadata {
  checkRequirements(table, change.requirements);
  let metadata = table.metadata;
  let lastSchemaId: number | undefined;
  let lastSpecId: number | undefined;
  const chosen = (id: number, last: number | undefined, what: string) => {
    if (id !== -1) return id;
    if (last === undefined) throw new InvalidMetadataError(metadata.location, `the change sets the ${what} added last, but adds none`);
    return last;
  };
  for (const update of change.updates) {
    switch (update.action) {
      case 'add-schema': {
        const existing = metadata.schemas.find((s) => schemaKey(s) === schemaKey(update.schema));
        lastSchemaId = existing?.['schema-id'] ?? Math.max(...metadata.schemas.map((s) => s['schema-id'])) + 1;
        metadata = {
          ...metadata,
          'last-column-id': Math.max(metadata['last-column-id'], ...update.schema.fields.map((f) => f.id)),
          schemas: existing === undefined ? [...metadata.schemas, { ...update.schema, 'schema-id': lastSchemaId }] : metadata.schemas,
        };
        break;
      }
      case 'set-current-schema': {
        const id = chosen(update['schema-id'], lastSchemaId, 'schema');
        if (!metadata.schemas.some((s) => s['schema-id'] === id)) throw new InvalidMetadataError(metadata.location, `the change makes schema ${id} current, which the table does not have`);
        metadata = { ...metadata, 'current-schema-id': id };
        break;
      }
      case 'add-spec': {
        const existing = metadata['partition-specs'].find((s) => specKey(s) === specKey(update.spec));
        lastSpecId = existing?.['spec-id'] ?? Math.max(...metadata['partition-specs'].map((s) => s['spec-id'])) + 1;
        metadata = {
          ...metadata,
          'last-partition-id': Math.max(metadata['last-partition-id'], ...update.spec.fields.map((f) => f['field-id'])),
          'partition-specs': existing === undefined ? [...metadata['partition-specs'], { ...update.spec, 'spec-id': lastSpecId }] : metadata['partition-specs'],
        };
        break;
      }
      case 'set-default-spec': {
        const id = chosen(update['spec-id'], lastSpecId, 'partition spec');
        if (!metadata['partition-specs'].some((s) => s['spec-id'] === id)) throw new InvalidMetadataError(metadata.location, `the change makes partition spec ${id} the default, which the table does not have`);
        metadata = { ...metadata, 'default-spec-id': id };
        break;
      }
      case 'set-properties':
        metadata = { ...metadata, properties: { ...metadata.properties, ...update.updates } };
        break;
      case 'remove-properties':
        metadata = { ...metadata, properties: Object.fromEntries(Object.entries(metadata.properties).filter(([key]) => !update.removals.includes(key))) };
        break;
    }
  }
  return { ...metadata, 'last-updated-ms': now };
}
