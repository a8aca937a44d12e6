// Files under a table's location that no metadata references: left by writers that crashed or lost a
// commit race, and files only expired snapshots referenced. Listing only; deleteOrphanFiles deletes them,
// sparing young ones (a writer may be mid-commit).
import type { IcebergTable } from '../catalog/table.js';
import type { FileInfo } from '../io/file-io.js';
import { canonicalLocation } from '../io/local-file-io.js';
import { ENTRY_STATUS } from '../manifest/data-file.js';
import { readManifest } from '../manifest/manifest-file.js';
import { readManifestList } from '../manifest/manifest-list.js';
import { currentSchema } from '../metadata/metadata-file.js';

/** Every file the table's metadata references, in canonical spelling (see canonicalLocation). */
async function referencedFiles(table: IcebergTable): Promise<Set<string>> {
  const { metadata, io } = table;
  const referenced = new Set<string>();
  const add = (location: string) => referenced.add(canonicalLocation(location));
  [table.metadataLocation, ...metadata['metadata-log'].map((m) => m['metadata-file'])].forEach(add);
  [...(metadata.statistics ?? []), ...(metadata['partition-statistics'] ?? [])].forEach((s) => add(s['statistics-path']));
  const schema = currentSchema(metadata);
  const seenManifests = new Set<string>();
  for (const snapshot of metadata.snapshots) {
    add(snapshot['manifest-list']);
    for (const manifest of await readManifestList(io, snapshot['manifest-list'])) {
      if (seenManifests.has(manifest.path)) continue;
      seenManifests.add(manifest.path);
      add(manifest.path);
      // A DELETED entry is no snapshot's data: once the snapshots that had the file live expire, it is an orphan.
      for (const entry of await readManifest(io, manifest, schema)) if (entry.status !== ENTRY_STATUS.DELETED) add(entry.file.path);
    }
  }
  return referenced;
}

export async function orphanFiles(table: IcebergTable): Promise<FileInfo[]> {
  const referenced = await referencedFiles(table);
  // The trailing slash keeps a prefix-listing store (S3) from returning a sibling table "<name>2".
  return (await table.io.list(`${table.metadata.location}/`)).filter((file) => !referenced.has(canonicalLocation(file.location)));
}
