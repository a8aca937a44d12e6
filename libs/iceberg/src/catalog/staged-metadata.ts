// The metadata file a catalog writes before it makes it current: version 0 of a new table, or the next version in
// a commit. No reader sees it until the catalog points at it, so a catalog that fails to may simply delete it.
import type { LakeTable } from '@datamaster/lake-manifest';
import type { FileIO } from '../io/file-io.js';
import { metadataFileLocation, metadataVersion, writeMetadataFile } from '../metadata/metadata-file.js';
import { newTableMetadata } from '../metadata/new-table-metadata.js';
import type { TableMetadata } from '../metadata/table-metadata.js';
import type { IcebergTable } from './table.js';

export interface StagedMetadata {
  readonly metadataLocation: string;
  readonly metadata: TableMetadata;
}

export async function stageNewTable(
  io: FileIO,
  table: LakeTable,
  location: string,
  properties: Readonly<Record<string, string>> | undefined,
): Promise<StagedMetadata> {
  const metadata = newTableMetadata(table, { location, ...(properties === undefined ? {} : { properties }) });
  const metadataLocation = metadataFileLocation(metadata.location, 0);
  await writeMetadataFile(io, metadataLocation, metadata);
  return { metadataLocation, metadata };
}

/** Writes `metadata` as the version after `base`, with `base` appended to the metadata log. */
export async function stageCommit(io: FileIO, base: IcebergTable, metadata: TableMetadata): Promise<StagedMetadata> {
  const committed: TableMetadata = {
    ...metadata,
    'last-updated-ms': Math.max(metadata['last-updated-ms'], Date.now()),
    'metadata-log': [...base.metadata['metadata-log'], { 'timestamp-ms': base.metadata['last-updated-ms'], 'metadata-file': base.metadataLocation }],
  };
  const metadataLocation = metadataFileLocation(committed.location, metadataVersion(base.metadataLocation) + 1);
  await writeMetadataFile(io, metadataLocation, committed);
  return { metadataLocation, metadata: committed };
}
