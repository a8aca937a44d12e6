// Columns the platform adds to every table of a layer. Declared here once; ids 1000+ are
// reserved for them so they can never collide with a table's own columns (1–999).
import type { LakeColumn } from './model.js';

const system = (id: number, name: string, type: LakeColumn['type'], nullable: boolean, description: string): LakeColumn => ({
  id,
  name,
  type,
  nullable,
  description,
  classification: 'public',
  origin: 'system',
});

/** Bronze keeps each change's operation and its position in the source, so silver can order changes. */
export const BRONZE_SYSTEM_COLUMNS: readonly LakeColumn[] = [
  system(1001, 'op', 'string', false, 'Change operation: load (full load or batch extract), insert, update or delete.'),
  system(1002, 'change_ts', 'timestamptz', false, 'Source commit time of the change (DMS commit timestamp); for batch extracts, the extract time.'),
  system(1003, 'change_txn_id', 'long', true, 'Source transaction id of the change; null for batch extracts.'),
  system(1004, 'change_seq', 'long', false, 'Position of the change within its source stream or file; orders changes with equal commit time.'),
  system(1005, 'raw_object_key', 'string', false, 'Key of the raw object the row was ingested from.'),
  system(1006, 'ingested_at', 'timestamptz', false, 'When the bronze worker wrote the row.'),
];

/** Silver tables keep history markers instead of deleting rows. */
export const SILVER_LIFECYCLE_COLUMNS: readonly LakeColumn[] = [
  system(1101, 'created_at', 'timestamptz', false, 'Source time of the first change seen for this key.'),
  system(1102, 'updated_at', 'timestamptz', false, 'Source time of the latest change applied to this key.'),
  system(1103, 'deleted_at', 'timestamptz', true, 'Source time of the delete; null while the row is live (soft delete).'),
];
