// The lake catalog's permissions. Reading a table's status, runs and grants is one permission on one
// resource (the lake table), so a policy can allow it per table, layer or owner with the conditions the backend
// plugin exports (lakeTableConditions).
import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of a lake table in permission requests; the resource ref is the table ref, e.g. "silver.review". */
export const LAKE_TABLE_RESOURCE_TYPE = 'lake-table';

/** Read a lake table's status, executions, snapshots and grants through the lake catalog backend. */
export const lakeTableReadPermission = createPermission({
  name: 'lake.table.read',
  attributes: { action: 'read' },
  resourceType: LAKE_TABLE_RESOURCE_TYPE,
});

export const lakeCatalogPermissions = [lakeTableReadPermission];
