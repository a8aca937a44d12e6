// Manifests: Avro files of manifest entries, one partition spec each.
import { randomUUID } from 'node:crypto';
import type { IcebergPartitionSpec, IcebergSchema } from '@datamaster/lake-manifest';
import { decodeAvroContainer, encodeAvroContainer } from '../avro/avro-container.js';
import type { FileIO } from '../io/file-io.js';
import { ENTRY_STATUS, type EntryStatus, type ManifestEntry, type PartitionValue } from './data-file.js';
import { manifestEntrySchema } from './manifest-schemas.js';
import type { ManifestFile } from './manifest-list.js';
import { metricsFromAvro, metricsToAvro, type AvroMetrics } from './metrics-codec.js';
import { partitionRecord } from './partition.js';
import { summarizePartitions } from './partition-summary.js';

interface AvroEntry {
  status: number;
  snapshot_id: number | null;
  sequence_number: number | null;
  file_sequence_number: number | null;
  data_file: AvroMetrics & {
    file_path: string;
    partition: Record<string, PartitionValue>;
    record_count: number;
    file_size_in_bytes: number;
  };
}

export interface ManifestContext {
  readonly tableLocation: string;
  readonly schema: IcebergSchema;
  readonly spec: IcebergPartitionSpec;
  readonly snapshotId: number;
  readonly sequenceNumber: number;
}

/** Writes a manifest and returns its manifest-list entry. */
export async function writeManifest(io: FileIO, ctx: ManifestContext, entries: readonly ManifestEntry[]): Promise<ManifestFile> {
  const { schema, spec } = ctx;
  const records = entries.map((e) => ({
    status: e.status,
    snapshot_id: e.snapshotId,
    sequence_number: e.sequenceNumber,
    file_sequence_number: e.fileSequenceNumber,
    data_file: {
      content: 0,
      file_path: e.file.path,
      file_format: 'PARQUET',
      partition: partitionRecord(spec, e.file.partition),
      record_count: e.file.recordCount,
      file_size_in_bytes: e.file.fileSizeInBytes,
      ...metricsToAvro(schema, e.file.metrics),
      nan_value_counts: null,
      key_metadata: null,
      split_offsets: null,
      equality_ids: null,
      sort_order_id: null,
    },
  }));
  const bytes = await encodeAvroContainer(manifestEntrySchema(schema, spec), records, {
    schema: JSON.stringify(schema),
    'schema-id': String(schema['schema-id']),
    'partition-spec': JSON.stringify(spec.fields),
    'partition-spec-id': String(spec['spec-id']),
    'format-version': '2',
    content: 'data',
  });
  const path = `${ctx.tableLocation}/metadata/${randomUUID()}-m0.avro`;
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

/**
 * Reads a manifest's entries, resolving inherited snapshot ids and sequence numbers from its
 * manifest-list entry (null on ADDED entries, per the spec).
 */
export async function readManifest(io: FileIO, manifest: ManifestFile, schema: IcebergSchema): Promise<ManifestEntry[]> {
  const { records } = await decodeAvroContainer(await io.read(manifest.path));
  return (records as AvroEntry[]).map((r) => {
    const metrics = metricsFromAvro(schema, r.data_file);
    return {
      status: r.status as EntryStatus,
      snapshotId: r.snapshot_id ?? manifest.addedSnapshotId,
      sequenceNumber: r.sequence_number ?? manifest.sequenceNumber,
      fileSequenceNumber: r.file_sequence_number ?? manifest.sequenceNumber,
      file: {
        path: r.data_file.file_path,
        partition: { ...r.data_file.partition },
        recordCount: r.data_file.record_count,
        fileSizeInBytes: r.data_file.file_size_in_bytes,
        ...(metrics === undefined ? {} : { metrics }),
      },
    };
  });
}
