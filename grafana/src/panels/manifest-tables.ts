// The tables the dashboards query, looked up in the lake manifest: a panel that names a table or a column the
// manifest lacks, or a PII column the dashboards' principal may not read, fails generation with the fix.
import type { LakeManifest, LakeTable } from '@datamaster/lake-manifest';

/** The manifest principal the dashboards read as: gold only, never a PII column (its role is the Athena data source's). */
export const DASHBOARD_PRINCIPAL = 'demo';

export class DashboardTableError extends Error {
  override readonly name = 'DashboardTableError';
}

/** `<gold database>.<table>`, after checking the table has the columns and the dashboards' principal may read them. */
export function goldTable(manifest: LakeManifest, name: string, columns: readonly string[]): string {
  const table = manifest.tables.find((t) => t.layer === 'gold' && t.name === name);
  if (table === undefined) throw new DashboardTableError(`The dashboards query gold.${name}, which the lake manifest does not declare; gold tables: ${goldNames(manifest)}. Change the panel in grafana/src/panels/ or declare the table.`);
  assertReadable(manifest, table, columns);
  return `${manifest.databases.gold}.${name}`;
}

function assertReadable(manifest: LakeManifest, table: LakeTable, columns: readonly string[]): void {
  const principal = manifest.principals.find((p) => p.name === DASHBOARD_PRINCIPAL);
  if (principal === undefined) throw new DashboardTableError(`The dashboards read as the principal "${DASHBOARD_PRINCIPAL}", which the lake manifest (lake.json) does not declare.`);
  const access = principal.access.find((a) => a.layers.includes('gold'));
  if (access === undefined) throw new DashboardTableError(`The principal "${DASHBOARD_PRINCIPAL}" has no access to gold in lake.json; the analytics dashboard reads gold as it.`);
  for (const column of columns) {
    const found = table.columns.find((c) => c.name === column);
    if (found === undefined) throw new DashboardTableError(`The dashboards query ${table.ref}.${column}, which the table does not have; its columns: ${table.columns.map((c) => c.name).join(', ')}.`);
    if (found.classification === 'pii' && access.pii === 'exclude') throw new DashboardTableError(`${table.ref}.${column} is PII, which the dashboards' principal "${DASHBOARD_PRINCIPAL}" may not read; leave it out of the panel.`);
  }
}

function goldNames(manifest: LakeManifest): string {
  return manifest.tables.filter((t) => t.layer === 'gold').map((t) => t.name).join(', ');
}
