import type { MigratedChange, TableRef } from '@datamaster/lake-manifest';

/**
 * How a change reaches the lake: automatic — applied as it is (additive changes, safe promotions, grants); backfill —
 * a derived table's data is recomputed, or files rewritten; breaking — old data or downstream readers would be
 * wrong, so the change needs a declared migration.
 */
export type ChangeClass = 'automatic' | 'backfill' | 'breaking';

/** The kinds a table file may declare a migration for are the manifest's list (MIGRATED_CHANGES), so the names stay one. */
export type ChangeKind =
  | MigratedChange
  | 'table-added'
  | 'table-removed'
  | 'column-dropped'
  | 'column-renamed'
  | 'column-reordered'
  | 'column-doc'
  | 'pii-classified'
  | 'pii-masking'
  | 'transform'
  | 'grant';

export interface ManifestChange {
  readonly kind: ChangeKind;
  readonly class: ChangeClass;
  readonly table: TableRef;
  /** The column, by its name in the new version (the old one for a dropped column). */
  readonly column?: string;
  /** What changed, in words, e.g. `type int → long`. */
  readonly detail: string;
  /** For a breaking change: the migration the table declares for it, which makes it one `apply` carries out. */
  readonly migration?: string;
}

export interface ManifestPlan {
  readonly changes: readonly ManifestChange[];
  /**
   * Derived tables whose data is recomputed: those with a backfill change (transform, partitioning, masking) or a
   * migrated breaking change, and every derived table downstream of one.
   */
  readonly backfills: readonly TableRef[];
  /** True when a breaking change without a declared migration is among them: it cannot merge as it is. */
  readonly breaking: boolean;
}
