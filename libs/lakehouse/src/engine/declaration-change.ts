// A table brought to the manifest's declaration in the commit that rewrites it: the declared schema (another key,
// type or nullability) and partition spec, as one change that is not committed on its own.
import { currentSchema, defaultSpec, updateSpec, type IcebergTable, type TableChange } from '@datamaster/iceberg';
import { icebergSchema, type LakeTable } from '@datamaster/lake-manifest';

export /** The schema and the partition spec the manifest declares, as one change. */
function declarationChange(iceberg: IcebergTable, derived: LakeTable): TableChange {
  const spec = updateSpec(iceberg);
  const wanted = new Set(derived.partitionBy.map((p) => p.column));
  const current = new Set(defaultSpec(iceberg.metadata).fields.map((f) => f.name));
  for (const name of current) if (!wanted.has(name)) spec.removeField(name);
  for (const field of derived.partitionBy) if (!current.has(field.column)) spec.addIdentity(field.column);
  const specChange = spec.change();
  return {
    requirements: [{ type: 'assert-current-schema-id', 'current-schema-id': currentSchema(iceberg.metadata)['schema-id'] }, ...specChange.requirements],
    updates: [{ action: 'add-schema', schema: icebergSchema(derived) }, { action: 'set-current-schema', 'schema-id': -1 }, ...specChange.updates],
  };
}
