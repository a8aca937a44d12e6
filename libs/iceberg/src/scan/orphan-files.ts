// Files under a table's location that no metadata references: left by writers that crashed or lost a
// commit race. Listing only; deleting them safely needs an age threshold (a writer may be mid-commit).
import type { IcebergTable } from '../catalog/table.js';
import { readManifest } from '../manifest/manifest-file.js';
import { readManifestList } from '../manifest/manifest-list.js';
import { currentSchema } from '../metadata/metadata-file.js';

async function referencedFiles(table: IcebergTable): Promise<Set<string>> {
  const { metadata, io } = table;
  const referenced = new Set<string>([table.metadataLocation, ...metadata['metadata-log'].map((m) => m['metadata-file'])]);
  const schema = currentSchema(metadata);
  const seenManifests = new Set<string>();
  for (const snapshot of metadata.snapshots) {
    referenced.add(snapshot['manifest-list']);
    for (const manifest of await readManifestList(io, snapshot['manifest-list'])) {
      if (seenManifests.has(manifest.path)) continue;
      seenManifests.add(manifest.path);
      referenced.add(manifest.path);
      for (const entry of await readManifest(io, manifest, schema)) referenced.add(entry.file.path);
    }
  }
  return referenced;
}

export async function orphanFiles(table: IcebergTable): Promise<string[]> {
  const referenced = await referencedFiles(table);
  return (await table.io.list(table.metadata.location)).filter((location) => !referenced.has(location));
}
