// On AWS: the grants Lake Formation holds for a table, compared with the ones the manifest derives. The CDK
// stack deploys the manifest's grants, so any difference is drift (a console edit, a failed deployment).
import { LakeFormationClient, ListPermissionsCommand, type PrincipalResourcePermissions } from '@aws-sdk/client-lakeformation';
import type { LakeManifest, LakeTable } from '@datamaster/lake-manifest';
import type { LakeGrantDrift, LakeGrantRow } from '@datamaster/plugin-lake-catalog-common';
import type { LakeFormationConfig } from './lake-config';

interface LiveGrant {
  readonly permissions: string[];
  readonly excludedColumns: string[];
}

const sorted = (values: readonly string[]) => [...values].sort().join(',');

/** Every grant on the table, table-level and column-level, folded per principal. */
async function liveGrants(client: LakeFormationClient, database: string, table: LakeTable): Promise<Map<string, LiveGrant>> {
  const entries: PrincipalResourcePermissions[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListPermissionsCommand({ Resource: { Table: { DatabaseName: database, Name: table.name } }, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }));
    entries.push(...(page.PrincipalResourcePermissions ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return foldGrants(entries, table.columns.map((c) => c.name));
}

/** The columns a grant leaves out: none for a table grant, the excluded ones of a wildcard, the unnamed ones of a column list. */
function excludedBy(entry: PrincipalResourcePermissions, columns: readonly string[]): string[] {
  const withColumns = entry.Resource?.TableWithColumns;
  if (withColumns === undefined) return [];
  if (withColumns.ColumnNames !== undefined) return columns.filter((c) => !withColumns.ColumnNames?.includes(c));
  return withColumns.ColumnWildcard?.ExcludedColumnNames ?? [];
}

/** ListPermissions' entries per principal: the union of its permissions and of the columns its grants leave out. */
export function foldGrants(entries: readonly PrincipalResourcePermissions[], columns: readonly string[]): Map<string, LiveGrant> {
  const grants = new Map<string, LiveGrant>();
  for (const entry of entries) {
    const principal = entry.Principal?.DataLakePrincipalIdentifier;
    if (principal === undefined) continue;
    const current = grants.get(principal) ?? { permissions: [], excludedColumns: [] };
    grants.set(principal, {
      permissions: [...new Set([...current.permissions, ...(entry.Permissions ?? [])])],
      excludedColumns: [...new Set([...current.excludedColumns, ...excludedBy(entry, columns)])],
    });
  }
  return grants;
}

export function grantDrift(expected: readonly LakeGrantRow[], live: ReadonlyMap<string, LiveGrant>, principals: Readonly<Record<string, string>>): LakeGrantDrift[] {
  const differences: LakeGrantDrift[] = [];
  const known = new Set<string>();
  for (const row of expected) {
    const arn = principals[row.principal];
    if (arn === undefined) continue;
    known.add(arn);
    const grant = live.get(arn);
    if (row.permissions.length === 0) {
      if (grant !== undefined) differences.push({ principal: row.principal, kind: 'unexpected', actual: sorted(grant.permissions) });
    } else if (grant === undefined) differences.push({ principal: row.principal, kind: 'missing', expected: sorted(row.permissions) });
    else if (sorted(grant.permissions) !== sorted(row.permissions)) differences.push({ principal: row.principal, kind: 'permissions-differ', expected: sorted(row.permissions), actual: sorted(grant.permissions) });
    else if (sorted(grant.excludedColumns) !== sorted(row.excludedColumns))
      differences.push({ principal: row.principal, kind: 'columns-differ', expected: `excluded: ${sorted(row.excludedColumns)}`, actual: `excluded: ${sorted(grant.excludedColumns)}` });
  }
  for (const [arn, grant] of live) if (!known.has(arn)) differences.push({ principal: arn, kind: 'unexpected', actual: sorted(grant.permissions) });
  return differences;
}

export class LakeFormationDrift {
  private readonly client: LakeFormationClient;

  constructor(private readonly config: LakeFormationConfig) {
    this.client = new LakeFormationClient(config.region === undefined ? {} : { region: config.region });
  }

  async check(manifest: LakeManifest, table: LakeTable, expected: readonly LakeGrantRow[]): Promise<{ checkedAt: string; differences: LakeGrantDrift[] }> {
    const live = await liveGrants(this.client, manifest.databases[table.layer as 'bronze' | 'silver' | 'gold'], table);
    return { checkedAt: new Date().toISOString(), differences: grantDrift(expected, live, this.config.principals) };
  }

  close(): void {
    this.client.destroy();
  }
}
