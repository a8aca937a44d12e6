// Lake Formation grants per principal, derived from the lake's access policy and each column's
// PII class. The shape follows Lake Formation's GrantPermissions: a table resource, either with
// every column or with a column wildcard that excludes the PII columns.
import type { LakeManifest, LakeTable, TableRef } from '../model.js';
import type { LakeFormationPermission } from '../schema.js';
import type { CatalogLayer } from '../vocabulary.js';

export interface LakeFormationGrant {
  readonly principal: string;
  readonly database: string;
  readonly table: string;
  /** The lake table the grant is for, e.g. "silver.profile". */
  readonly tableRef: TableRef;
  readonly permissions: readonly LakeFormationPermission[];
  /** Lake Formation's TableWithColumns.ColumnWildcard.ExcludedColumnNames; empty = every column. */
  readonly excludedColumns: readonly string[];
}

export function piiColumns(table: LakeTable): string[] {
  return table.columns.filter((c) => c.classification === 'pii').map((c) => c.name);
}

/** The columns a grant lets its principal read: every column of the table but the excluded ones. */
export function readableColumns(table: LakeTable, grant: Pick<LakeFormationGrant, 'excludedColumns'>): string[] {
  return table.columns.map((c) => c.name).filter((c) => !grant.excludedColumns.includes(c));
}

/** Every grant of one principal, one per table it may access. */
export function grantsFor(manifest: LakeManifest, principalName: string): LakeFormationGrant[] {
  const principal = manifest.principals.find((p) => p.name === principalName);
  if (!principal) throw new Error(`Unknown principal "${principalName}". Known principals: ${manifest.principals.map((p) => p.name).join(', ')}`);
  return principal.access.flatMap((access) =>
    manifest.tables
      .filter((table): table is LakeTable & { layer: CatalogLayer } => (access.layers as readonly string[]).includes(table.layer))
      .map((table) => ({
        principal: principal.name,
        database: manifest.databases[table.layer],
        table: table.name,
        tableRef: table.ref,
        permissions: access.permissions,
        excludedColumns: access.pii === 'exclude' ? piiColumns(table) : [],
      })),
  );
}

/** All grants of all principals. */
export function allGrants(manifest: LakeManifest): LakeFormationGrant[] {
  return manifest.principals.flatMap((p) => grantsFor(manifest, p.name));
}
