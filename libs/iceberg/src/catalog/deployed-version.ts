// The lake as its catalog has it, written as a manifest version: each table's current schema, key and
// partitioning, and the applied state its properties record (the transform its data was computed with, the
// columns it holds masked). `datamaster plan` compares it with a manifest as it compares two manifest versions.
import { isIcebergTable } from '@datamaster/lake-contract';
import { appliedState, transformFile, type LakeColumn, type LakeManifest, type LakeTable, type ManifestVersion, type PartitionField, type TableRef } from '@datamaster/lake-manifest';
import { currentSchema, defaultSpec } from '../metadata/metadata-file.js';
import type { TableMetadata } from '../metadata/table-metadata.js';

/** A manifest table as `metadata` has it; what the catalog does not record (owner, lineage, grants) stays the manifest's. */
function deployedTable(declared: LakeTable, metadata: TableMetadata): LakeTable {
  const schema = currentSchema(metadata);
  const { piiMasking } = appliedState(metadata.properties);
  const nameOf = (id: number) => schema.fields.find((f) => f.id === id)?.name ?? `#${id}`;
  const columns = schema.fields.map((field): LakeColumn => {
    const same = declared.columns.find((c) => c.id === field.id);
    // Not recorded (a table created before the lake recorded it): the manifest's classification, as no change.
    const masking = piiMasking === undefined ? same?.masking : piiMasking.get(field.id);
    return {
      ...(same ?? { origin: 'declared' as const }),
      id: field.id,
      name: field.name,
      type: field.type as LakeColumn['type'],
      nullable: !field.required,
      description: field.doc ?? '',
      classification: masking === undefined ? 'public' : 'pii',
      ...(masking === undefined ? { masking: undefined } : { masking }),
    };
  });
  const partitionBy = defaultSpec(metadata).fields.map((f): PartitionField => ({ column: nameOf(f['source-id']), transform: f.transform as PartitionField['transform'] }));
  return { ...declared, columns, primaryKey: schema['identifier-field-ids'].map(nameOf), partitionBy };
}

/** A table the catalog has and the manifest does not declare: only what the catalog knows of it. */
function undeclaredTable(ref: TableRef, metadata: TableMetadata): LakeTable {
  const [layer, name] = ref.split('.') as [LakeTable['layer'], string];
  const shell: LakeTable = { ref, layer, name, domain: '', owner: '', description: '', columns: [], primaryKey: [], partitionBy: [], upstream: [], file: metadata.location };
  return deployedTable(shell, metadata);
}

/**
 * `deployed` holds the metadata of the manifest's tables the catalog has (by ref), and `undeclared` the catalog's
 * other tables in the lake's databases. Tables outside the catalog (sources, bronze) are taken from `manifest` as
 * they are; so are transforms the tables do not record.
 */
export function deployedVersion(current: ManifestVersion, deployed: ReadonlyMap<TableRef, TableMetadata>, undeclared: ReadonlyMap<TableRef, TableMetadata>): ManifestVersion {
  const transforms = new Map(current.transforms);
  const tables: LakeTable[] = [];
  for (const table of current.manifest.tables) {
    const metadata = deployed.get(table.ref);
    if (metadata === undefined) {
      if (!isIcebergTable(table)) tables.push(table);
      continue;
    }
    tables.push(deployedTable(table, metadata));
    const { transform } = appliedState(metadata.properties);
    if (transform !== undefined) transforms.set(transformFile(table.ref), transform);
  }
  for (const [ref, metadata] of undeclared) tables.push(undeclaredTable(ref, metadata));
  const manifest: LakeManifest = { ...current.manifest, tables };
  return { manifest, transforms };
}
