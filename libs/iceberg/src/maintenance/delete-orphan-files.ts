// Orphan deletion: removes files under the table that no metadata references, but only old ones. A
// young unreferenced file may belong to a writer that has not committed yet; deleting it would corrupt
// that commit, so olderThan must exceed the longest write (Iceberg's default is three days).
import type { IcebergTable } from '../catalog/table.js';
import { orphanFiles } from '../scan/orphan-files.js';
import { checkDate } from './options.js';

export interface DeleteOrphanFilesOptions {
  /** Only orphans last modified before this instant are deleted. */
  readonly olderThan: Date;
  /** List what would be deleted, delete nothing. */
  readonly dryRun?: boolean;
}

export interface DeleteOrphanFilesResult {
  /** Locations deleted (with dryRun: that would be deleted). */
  readonly deleted: string[];
  /** Orphans spared because they are younger than olderThan. */
  readonly kept: number;
}

/** Pass a freshly loaded table: files referenced only by metadata committed since it was loaded look orphaned. */
export async function deleteOrphanFiles(table: IcebergTable, options: DeleteOrphanFilesOptions): Promise<DeleteOrphanFilesResult> {
  const cutoff = checkDate('olderThan', options.olderThan);
  const orphans = await orphanFiles(table);
  const old = orphans.filter((f) => f.lastModified.getTime() < cutoff).map((f) => f.location);
  if (options.dryRun !== true) {
    for (const location of old) await table.io.delete(location);
  }
  return { deleted: old, kept: orphans.length - old.length };
}
