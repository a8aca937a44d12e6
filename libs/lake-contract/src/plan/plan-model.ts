import type { TableRef } from '@datamaster/lake-manifest';

/**
 * How a change reaches the lake: automatic — applied as it is (additive changes, safe promotions, grants); backfill —
 * a derived table's data is recomputed, or files rewritten; breaking — old data or downstream readers would be
 * wrong, so the change needs a declared migration.
 */
export type ChangeClass = 'automatic' | 'backfill' | 'breaking';

export type ChangeKind =
  | 'table-added'
  | 'table-removed'
  | 'column-added'
  | 'column-dropped'
  | 'column-renamed'
  | 'column-retyped'
  | 'column-nullability'
  | 'column-reordered'
  | 'column-doc'
  | 'pii-classified'
  | 'pii-declassified'
  | 'pii-masking'
  | 'primary-key'
  | 'partitioning'
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
  /** Derived tables whose data is recomputed, because their transform or partitioning changed. */
  readonly backfills: readonly TableRef[];
  /** True when a breaking change without a declared migration is among them: it cannot merge as it is. */
  readonly breaking: boolean;
}
