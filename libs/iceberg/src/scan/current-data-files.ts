// The live data files of a snapshot: what a query engine reads (e.g. DuckDB's read_parquet([...])).
import type { IcebergTable } from '../catalog/table.js';
import { SnapshotNotFoundError } from '../errors.js';
import { ENTRY_STATUS, type LiveDataFile } from '../manifest/data-file.js';
import { readManifest } from '../manifest/manifest-file.js';
import { readManifestList } from '../manifest/manifest-list.js';
import { currentSchema } from '../metadata/metadata-file.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';

export interface DataFilesOptions {
  /** Time travel: read this snapshot instead of the current one. */
  readonly snapshotId?: SnapshotId;
}

export async function currentDataFiles(table: IcebergTable, options: DataFilesOptions = {}): Promise<LiveDataFile[]> {
  const { metadata } = table;
  const snapshotId = options.snapshotId ?? metadata['current-snapshot-id'];
  if (snapshotId === null) return [];
  const snapshot = metadata.snapshots.find((s) => s['snapshot-id'] === snapshotId);
  if (snapshot === undefined) throw new SnapshotNotFoundError(snapshotId, metadata.snapshots.map((s) => s['snapshot-id']));
  const schema = metadata.schemas.find((s) => s['schema-id'] === snapshot['schema-id']) ?? currentSchema(metadata);
  const files: LiveDataFile[] = [];
  for (const manifest of await readManifestList(table.io, snapshot['manifest-list'])) {
    for (const entry of await readManifest(table.io, manifest, schema)) {
      if (entry.status === ENTRY_STATUS.DELETED) continue;
      files.push({
        ...entry.file,
        snapshotId: entry.snapshotId ?? manifest.addedSnapshotId,
        sequenceNumber: entry.sequenceNumber ?? manifest.sequenceNumber,
        specId: manifest.partitionSpecId,
      });
    }
  }
  return files;
}
