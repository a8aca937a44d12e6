// What `datamaster apply` does about the plan's changes that take more than a schema update: tables it rebuilds
// under their new declaration (another partitioning, or a migrated key, type or nullability), and the migrated
// changes it takes as they are (a column declassified).
import type { ManifestPlan } from '@datamaster/lake-contract';
import type { TableRef } from '@datamaster/lake-manifest';

export interface MigrationWork {
  /** Tables rebuilt whole: new schema and spec, every row recomputed (a source's silver table from its bronze changes). */
  readonly rebuilt: ReadonlySet<TableRef>;
  /** Tables whose migrated change is taken as it is (their applied state is recorded). */
  readonly accepted: ReadonlySet<TableRef>;
}

export function migrationWork(plan: ManifestPlan): MigrationWork {
  const rebuilt = new Set<TableRef>();
  const accepted = new Set<TableRef>();
  for (const change of plan.changes) {
    if (change.kind === 'partitioning' && change.class === 'backfill') rebuilt.add(change.table);
    if (change.migration === undefined) continue;
    // A declassified column is taken as it is; any other migrated change rebuilds the table (a source's silver
    // table from its bronze changes, a derived table from its inputs).
    if (change.kind === 'pii-declassified') accepted.add(change.table);
    else rebuilt.add(change.table);
  }
  return { rebuilt, accepted };
}
