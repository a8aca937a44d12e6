// `datamaster plan`: what a manifest change does to the lake, each change with its class, before it merges.
import { allGrants, transformFile, type LakeFormationGrant, type LakeTable, type ManifestVersion, type TableRef } from '@datamaster/lake-manifest';
import { downstreamTables } from '../iceberg.js';
import { columnChanges, type ReadDownstream } from './column-changes.js';
import type { ManifestChange, ManifestPlan } from './plan-model.js';

const transformOf = (version: ManifestVersion, ref: TableRef) => version.transforms.get(transformFile(ref));

/** A derived table is built by a transform of its own (a source table's silver projection by the MERGE template). */
const isDerived = (version: ManifestVersion, table: LakeTable) => transformOf(version, table.ref) !== undefined;

/** The readers of a column in `version`: columns that inherit it, and downstream transforms that name it. */
function readersIn(version: ManifestVersion): ReadDownstream {
  return (table, column) => {
    const readers: string[] = [];
    for (const downstream of downstreamTables(version.manifest, table)) {
      const inherited = downstream.columns.find((c) => c.inheritedFrom === `${table.ref}.${column}`);
      if (inherited) readers.push(`${downstream.ref}.${inherited.name}`);
      else if (new RegExp(`\\b${column}\\b`).test(transformOf(version, downstream.ref) ?? '')) readers.push(`${downstream.ref} (its transform)`);
    }
    return readers;
  };
}

function tableChanges(before: LakeTable, after: LakeTable, beforeVersion: ManifestVersion, afterVersion: ManifestVersion): ManifestChange[] {
  const changes = columnChanges(before, after, readersIn(afterVersion));
  const change = (c: Omit<ManifestChange, 'table'>) => changes.push({ table: after.ref, ...c });
  if (before.primaryKey.join(',') !== after.primaryKey.join(',')) {
    change({ kind: 'primary-key', class: 'breaking', detail: `(${before.primaryKey.join(', ')}) → (${after.primaryKey.join(', ')}): rows merged under the old key would not match` });
  }
  const partitioning = (t: LakeTable) => t.partitionBy.map((p) => `${p.transform}(${p.column})`).join(', ') || 'unpartitioned';
  if (partitioning(before) !== partitioning(after)) {
    change({ kind: 'partitioning', class: isDerived(afterVersion, after) ? 'backfill' : 'breaking', detail: `${partitioning(before)} → ${partitioning(after)}${isDerived(afterVersion, after) ? ': recomputed under the new spec' : ': a merged table keeps its partitioning'}` });
  }
  if (isDerived(afterVersion, after) && transformOf(beforeVersion, after.ref) !== transformOf(afterVersion, after.ref)) {
    change({ kind: 'transform', class: 'backfill', detail: 'its transform changed: every partition is recomputed' });
  }
  return changes;
}

function grantChanges(before: ManifestVersion, after: ManifestVersion): ManifestChange[] {
  const key = (g: LakeFormationGrant) => `${g.principal} ${g.tableRef}`;
  const text = (g: LakeFormationGrant | undefined) => (g === undefined ? 'none' : `${g.permissions.join(',')}${g.excludedColumns.length > 0 ? ` except ${g.excludedColumns.join(', ')}` : ''}`);
  const old = new Map(allGrants(before.manifest).map((g) => [key(g), g]));
  const current = new Map(allGrants(after.manifest).map((g) => [key(g), g]));
  const changes: ManifestChange[] = [];
  for (const id of new Set([...old.keys(), ...current.keys()])) {
    const [was, now] = [old.get(id), current.get(id)];
    if (text(was) === text(now)) continue;
    const grant = (now ?? was) as LakeFormationGrant;
    changes.push({ kind: 'grant', class: 'automatic', table: grant.tableRef, detail: `${grant.principal}: ${text(was)} → ${text(now)}` });
  }
  return changes;
}

/** The derived tables to recompute: those a change backfills, and every table downstream of one. */
function backfillsOf(changes: readonly ManifestChange[], after: ManifestVersion): TableRef[] {
  const derived = new Set(after.manifest.tables.filter((t) => isDerived(after, t)).map((t) => t.ref));
  // A migrated breaking change of a derived table rebuilds it: its downstream is recomputed as for a backfill.
  const recompute = new Set(changes.filter((c) => (c.class === 'backfill' || c.migration !== undefined) && derived.has(c.table)).map((c) => c.table));
  for (const table of after.manifest.tables) if (derived.has(table.ref) && table.upstream.some((ref) => recompute.has(ref))) recompute.add(table.ref);
  return after.manifest.tables.map((t) => t.ref).filter((ref) => recompute.has(ref));
}

/** A breaking change with the migration its table declares for it (same kind, and column when the migration names one). */
function withMigration(change: ManifestChange, after: ManifestVersion): ManifestChange {
  if (change.class !== 'breaking') return change;
  const table = after.manifest.tables.find((t) => t.ref === change.table);
  const migration = table?.migrations?.find((m) => m.change === change.kind && (m.column === undefined || m.column === change.column));
  return migration === undefined ? change : { ...change, migration: migration.id };
}

/** What changes from `before` to `after`, each change classed; tables in the new version's order. */
export function planManifestChange(before: ManifestVersion, after: ManifestVersion): ManifestPlan {
  const old = new Map(before.manifest.tables.map((t) => [t.ref, t]));
  const current = new Set(after.manifest.tables.map((t) => t.ref));
  const changes: ManifestChange[] = [];
  for (const table of after.manifest.tables) {
    const was = old.get(table.ref);
    if (was === undefined) changes.push({ kind: 'table-added', class: 'automatic', table: table.ref, detail: `${table.columns.length} columns, owner ${table.owner}` });
    else changes.push(...tableChanges(was, table, before, after));
  }
  for (const table of before.manifest.tables) {
    if (!current.has(table.ref)) changes.push({ kind: 'table-removed', class: 'breaking', table: table.ref, detail: 'its data and its readers would be left without a declaration' });
  }
  changes.push(...grantChanges(before, after));
  const classed = changes.map((c) => withMigration(c, after));
  return { changes: classed, backfills: backfillsOf(classed, after), breaking: classed.some((c) => c.class === 'breaking' && c.migration === undefined) };
}
