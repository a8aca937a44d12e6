// A manifest grant (`grantsFor`/`allGrants` of the lake manifest) as the Lake Formation permissions that hold it.
// Lake Formation takes only SELECT on a column filter, so a grant that leaves out columns is SELECT on every column
// but those, plus its other permissions (DESCRIBE) on the table: together exactly the grant, as the portal's drift
// check folds ListPermissions' answer per principal. Any other grant is one permission on the table.
import type { LakeFormationGrant } from '@datamaster/lake-manifest';
import type { LakeFormationResource } from './lake-formation.js';

/** The one permission Lake Formation accepts on a table with a column filter. */
const COLUMN_PERMISSION = 'SELECT';

export interface GrantPermission {
  /** `table`, or `columns` for the column-filtered SELECT. */
  readonly on: 'table' | 'columns';
  readonly resource: LakeFormationResource;
  readonly permissions: readonly string[];
}

/** A grant no set of Lake Formation permissions can hold, with the reason. */
export class UnrepresentableGrantError extends Error {
  override readonly name = 'UnrepresentableGrantError';
  constructor(
    readonly grant: LakeFormationGrant,
    reason: string,
  ) {
    super(`The manifest grant of ${grant.permissions.join(', ')} on ${grant.tableRef} to "${grant.principal}" cannot be declared in Lake Formation: ${reason}.`);
  }
}

export function grantPermissions(grant: LakeFormationGrant, catalogId: string): GrantPermission[] {
  const table = { catalogId, databaseName: grant.database, name: grant.table };
  if (grant.excludedColumns.length === 0) return [{ on: 'table', resource: { table }, permissions: grant.permissions }];
  // ALL on a table reads every column: it cannot leave some out.
  if (grant.permissions.includes('ALL')) throw new UnrepresentableGrantError(grant, `ALL includes the excluded columns ${grant.excludedColumns.join(', ')}`);
  const onTable = grant.permissions.filter((p) => p !== COLUMN_PERMISSION);
  return [
    ...(grant.permissions.includes(COLUMN_PERMISSION)
      ? [{ on: 'columns' as const, resource: { tableWithColumns: { ...table, columnWildcard: { excludedColumnNames: [...grant.excludedColumns] } } }, permissions: [COLUMN_PERMISSION] }]
      : []),
    ...(onTable.length === 0 ? [] : [{ on: 'table' as const, resource: { table }, permissions: onTable }]),
  ];
}
