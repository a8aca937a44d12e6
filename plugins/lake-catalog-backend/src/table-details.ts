// Everything the manifest says about one table, as the table page shows it.
import { isCatalogTable, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import type { LakeTableDetails, LakeTableIdentity } from '@datamaster/plugin-lake-catalog-common';
import { grantRows } from './grants-matrix';
import { tableLineage } from './lineage';
import { sampleQueries } from './sample-queries';

export function tableIdentity(table: LakeTable): LakeTableIdentity {
  return { ref: table.ref, layer: table.layer, name: table.name, domain: table.domain, owner: table.owner, description: table.description };
}

export function tableDetails(manifest: LakeManifest, table: LakeTable): LakeTableDetails {
  const rows = grantRows(manifest, table);
  return {
    ...tableIdentity(table),
    ...(isCatalogTable(table) ? { catalogTable: `${manifest.databases[table.layer]}.${table.name}` } : {}),
    primaryKey: table.primaryKey,
    partitionBy: table.partitionBy.map((p) => p.column),
    ...(table.freshness === undefined ? {} : { freshnessObjective: table.freshness }),
    manifestFile: table.file,
    columns: table.columns.map((c) => ({
      id: c.id,
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      classification: c.classification,
      ...(c.masking === undefined ? {} : { masking: c.masking }),
      description: c.description,
      origin: c.origin,
    })),
    lineage: tableLineage(manifest, table.ref),
    grants: { columns: table.columns.map((c) => c.name), rows },
    sampleQueries: sampleQueries(manifest, table, rows),
  };
}
