// Manifests: Avro files of manifest entries, one partition spec each.
import { randomUUID } from 'node:crypto';
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';
import { decodeAvroContainer, encodeAvroContainer } from '../avro/avro-container.js';
import { recordLongs } from '../avro/avro-long.js';
import type { FileIO } from '../io/file-io.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import { ENTRY_STATUS, type EntryStatus, type ManifestEntry } from './data-file.js';
import { DecodedManifestCache } from './decoded-manifest-cache.js';
import { manifestEntrySchema } from './manifest-schemas.js';
import type { ManifestFile } from './manifest-list.js';
import { metricsFromAvro, metricsToAvro, type AvroMetrics } from './metrics-codec.js';
import { partitionFromAvro, partitionToAvro, type AvroPartition } from './partition.js';
import { summarizePartitions } from './partition-summary.js';

interface AvroEntry {
  status: number;
  snapshot_id: bigint | null;
  sequence_number: bigint | null;
  file_sequence_number: bigint | null;
  data_file: AvroMetrics & {
    file_path: string;
    partition: AvroPartition;
    record_count: bigint;
    file_size_in_bytes: bigint;
  };
}

export interface ManifestContext {
  readonly tableLocation: string;
  readonly schema: IcebergSchema;
  readonly spec: IcebergPartitionSpec;
  readonly snapshotId: SnapshotId;
  readonly sequenceNumber: number;
}

const optionalLong = (value: string | number | null): bigint | null => (value === null ? null : BigInt(value));

/** Writes a manifest and returns its manifest-list entry. */
export async function writeManifest(io: FileIO, ctx: ManifestContext, entries: readonly ManifestEntry[]): Promise<ManifestFile> {
  const { schema, spec } = ctx;
  const records = entries.map((e) => ({
    status: e.status,
    snapshot_id: optionalLong(e.snapshotId),
    sequence_number: optionalLong(e.sequenceNumber),
    file_sequence_number: optionalLong(e.fileSequenceNumber),
    data_file: {
      content: 0,
      file_path: e.file.path,
      file_format: 'PARQUET',
      partition: partitionToAvro(schema, spec, e.file.partition),
      record_count: BigInt(e.file.recordCount),
      file_size_in_bytes: BigInt(e.file.fileSizeInBytes),
      ...metricsToAvro(schema, e.file.metrics),
      nan_value_counts: null,
      key_metadata: null,
      split_offsets: null,
      equality_ids: null,
      sort_order_id: null,
    },
  }));
  const path = `${ctx.tableLocation}/metadata/${randomUUID()}-m0.avro`;
  const bytes = encodeAvroContainer(path, manifestEntrySchema(schema, spec), records, {
    schema: JSON.stringify(schema),
    'schema-id': String(schema['schema-id']),
    'partition-spec': JSON.stringify(spec.fields),
    'partition-spec-id': String(spec['spec-id']),
    'format-version': '2',
    content: 'data',
  });
  await io.write(path, bytes);
  const count = (status: EntryStatus) => entries.filter((e) => e.status === status);
  const rows = (list: readonly ManifestEntry[]) => list.reduce((sum, e) => sum + e.file.recordCount, 0);
  const sequences = entries.map((e) => e.sequenceNumber ?? ctx.sequenceNumber);
  return {
    path,
    length: bytes.byteLength,
    partitionSpecId: spec['spec-id'],
    sequenceNumber: ctx.sequenceNumber,
    minSequenceNumber: Math.min(ctx.sequenceNumber, ...sequences),
    addedSnapshotId: ctx.snapshotId,
    addedFilesCount: count(ENTRY_STATUS.ADDED).length,
    existingFilesCount: count(ENTRY_STATUS.EXISTING).length,
    deletedFilesCount: count(ENTRY_STATUS.DELETED).length,
    addedRowsCount: rows(count(ENTRY_STATUS.ADDED)),
    existingRowsCount: rows(count(ENTRY_STATUS.EXISTING)),
    deletedRowsCount: rows(count(ENTRY_STATUS.DELETED)),
    partitions: summarizePartitions(schema, spec, entries.map((e) => e.file.partition)),
  };
}

// Manifests are immutable once written, and a processing run reads the same ones many times (every job
// reads its table's and its inputs'), so decoded entries are kept, the most recently used first.
const decodedManifests = new DecodedManifestCache();

/**
 * Reads a manifest's entries, resolving inherited snapshot ids and sequence numbers from its
 * manifest-list entry (null on ADDED entries, per the spec).
 */
export async function readManifest(io: FileIO, manifest: ManifestFile, schema: IcebergSchema): Promise<ManifestEntry[]> {
  const key = `${manifest.path}#${manifest.addedSnapshotId}#${manifest.sequenceNumber}#${schema['schema-id']}`;
  return [...(await decodedManifests.get(key, () => decodeManifest(io, manifest, schema)))];
}

async function decodeManifest(io: FileIO, manifest: ManifestFile, schema: IcebergSchema): Promise<ManifestEntry[]> {
  const { records } = await decodeAvroContainer(manifest.path, await io.read(manifest.path));
  return (records as AvroEntry[]).map((r, i) => {
    const long = recordLongs(manifest.path, i);
    const metrics = metricsFromAvro(schema, r.data_file, long);
    return {
      status: r.status as EntryStatus,
      snapshotId: r.snapshot_id?.toString() ?? manifest.addedSnapshotId,
      sequenceNumber: r.sequence_number === null ? manifest.sequenceNumber : long(r.sequence_number, 'sequence_number'),
      fileSequenceNumber: r.file_sequence_number === null ? manifest.sequenceNumber : long(r.file_sequence_number, 'file_sequence_number'),
      file: {
        path: r.data_file.file_path,
        partition: partitionFromAvro(r.data_file.partition, long),
        recordCount: long(r.data_file.record_count, 'data_file.record_count'),
        fileSizeInBytes: long(r.data_file.file_size_in_bytes, 'data_file.file_size_in_bytes'),
        ...(metrics === undefined ? {} : { metrics }),
      },
    };
  });
}
