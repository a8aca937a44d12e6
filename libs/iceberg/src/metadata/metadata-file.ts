// Reading and writing metadata/<NNNNN>-<uuid>.metadata.json files.
import { randomUUID } from 'node:crypto';
import { InvalidMetadataError } from '../errors.js';
import type { FileIO } from '../io/file-io.js';
import { metadataJson, parseMetadataJson } from './metadata-json.js';
import type { TableMetadata } from './table-metadata.js';
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';

const VERSION_PATTERN = /\/(\d+)-[^/]+\.metadata\.json$/;

/** The version number encoded in a metadata file name; 0 for a name without one. */
export function metadataVersion(location: string): number {
  const match = VERSION_PATTERN.exec(location);
  return match?.[1] === undefined ? 0 : Number.parseInt(match[1], 10);
}

export function metadataFileLocation(tableLocation: string, version: number): string {
  return `${tableLocation}/metadata/${String(version).padStart(5, '0')}-${randomUUID()}.metadata.json`;
}

export async function writeMetadataFile(io: FileIO, location: string, metadata: TableMetadata): Promise<void> {
  await io.write(location, new TextEncoder().encode(metadataJson(metadata)));
}

export async function readMetadataFile(io: FileIO, location: string): Promise<TableMetadata> {
  return checkMetadata(location, parseMetadataJson(location, new TextDecoder().decode(await io.read(location))));
}

function checkMetadata(location: string, value: unknown): TableMetadata {
  if (typeof value !== 'object' || value === null) throw new InvalidMetadataError(location, 'expected a JSON object');
  const m = value as Record<string, unknown>;
  if (m['format-version'] !== 2) throw new InvalidMetadataError(location, `format-version is ${String(m['format-version'])}, only 2 is supported`);
  for (const key of ['table-uuid', 'location', 'schemas', 'partition-specs', 'current-schema-id', 'default-spec-id']) {
    if (m[key] === undefined) throw new InvalidMetadataError(location, `required field "${key}" is missing`);
  }
  // Java wrote -1 for "no current snapshot" in older versions; normalise to null.
  const current = m['current-snapshot-id'] as TableMetadata['current-snapshot-id'] | undefined;
  return {
    ...(m as unknown as TableMetadata),
    // Iceberg Java leaves identifier-field-ids out of a schema without a key.
    schemas: (m['schemas'] as TableMetadata['schemas']).map((s) => ({ ...s, 'identifier-field-ids': s['identifier-field-ids'] ?? [] })),
    'current-snapshot-id': current === undefined || current === null || current.startsWith('-') ? null : current,
    snapshots: (m['snapshots'] as TableMetadata['snapshots'] | undefined) ?? [],
    'snapshot-log': (m['snapshot-log'] as TableMetadata['snapshot-log'] | undefined) ?? [],
    'metadata-log': (m['metadata-log'] as TableMetadata['metadata-log'] | undefined) ?? [],
    refs: (m['refs'] as TableMetadata['refs'] | undefined) ?? {},
    properties: (m['properties'] as TableMetadata['properties'] | undefined) ?? {},
  };
}

export function currentSchema(metadata: TableMetadata): IcebergSchema {
  const schema = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id']);
  if (schema === undefined) throw new InvalidMetadataError(metadata.location, `current-schema-id ${metadata['current-schema-id']} names no schema`);
  return schema;
}

export function defaultSpec(metadata: TableMetadata): IcebergPartitionSpec {
  const spec = metadata['partition-specs'].find((s) => s['spec-id'] === metadata['default-spec-id']);
  if (spec === undefined) throw new InvalidMetadataError(metadata.location, `default-spec-id ${metadata['default-spec-id']} names no spec`);
  return spec;
}

export function specById(metadata: TableMetadata, specId: number): IcebergPartitionSpec {
  const spec = metadata['partition-specs'].find((s) => s['spec-id'] === specId);
  if (spec === undefined) throw new InvalidMetadataError(metadata.location, `partition spec ${specId} is referenced but not defined`);
  return spec;
}
