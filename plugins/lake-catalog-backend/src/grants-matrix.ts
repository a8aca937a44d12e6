// Who may read which columns of a table: every principal of the manifest, with the grant the manifest
// derives for it (the same grants the CDK stack deploys to Lake Formation and `datamaster query --as` enforces).
import { grantsFor, readableColumns, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import type { LakeGrantRow } from '@datamaster/plugin-lake-catalog-common';

export function grantRows(manifest: LakeManifest, table: LakeTable): LakeGrantRow[] {
  const columns = table.columns.map((c) => c.name);
  return manifest.principals.map((principal) => {
    const grant = grantsFor(manifest, principal.name).find((g) => g.tableRef === table.ref);
    return {
      principal: principal.name,
      description: principal.description,
      permissions: grant?.permissions ?? [],
      columns: grant === undefined ? [] : readableColumns(table, grant),
      excludedColumns: grant === undefined ? columns : [...grant.excludedColumns],
    };
  });
}
