// What `datamaster apply` does about the plan's changes that take more than a schema update: derived tables it
// rebuilds under their new declaration (another partitioning, or a migrated key, type or nullability), and the
// migrated changes it takes as they are (a column declassified).
import type { ManifestChange, ManifestPlan } from '@datamaster/lake-contract';
import type { LakeManifest, TableRef } from '@datamaster/lake-manifest';

export interface MigrationWork {
  /** Derived tables rebuilt whole: new schema and spec, every row recomputed. */
  readonly rebuilt: ReadonlySet<TableRef>;
  /** Tables whose migrated change is taken as it is (their applied state is recorded). */
  readonly accepted: ReadonlySet<TableRef>;
}

/** A migrated change apply cannot carry out (rebuilding a source's merged silver table). */
export class UnsupportedMigrationError extends Error {
  override readonly name = 'UnsupportedMigrationError';
  constructor(changes: readonly ManifestChange[]) {
    super(
      `${changes.map((c) => `${c.table}${c.column ? `.${c.column}` : ''} (${c.kind}, migration ${c.migration})`).join(', ')}: apply rebuilds derived tables, not the merged silver table of a source, whose rows come from every bronze change since the start. Nothing was applied: make the change additive (a new column), or rebuild the lake home from its extracts with the new manifest.`,
    );
  }
}

export function migrationWork(plan: ManifestPlan, manifest: LakeManifest): MigrationWork {
  const isDerived = (ref: TableRef) => manifest.tables.find((t) => t.ref === ref)?.source === undefined;
  const rebuilt = new Set<TableRef>();
  const accepted = new Set<TableRef>();
  const unsupported: ManifestChange[] = [];
  for (const change of plan.changes) {
    if (change.kind === 'partitioning' && change.class === 'backfill') rebuilt.add(change.table);
    if (change.migration === undefined) continue;
    if (change.kind === 'pii-declassified') accepted.add(change.table);
    else if (isDerived(change.table)) rebuilt.add(change.table);
    else unsupported.push(change);
  }
  if (unsupported.length > 0) throw new UnsupportedMigrationError(unsupported);
  return { rebuilt, accepted };
}
