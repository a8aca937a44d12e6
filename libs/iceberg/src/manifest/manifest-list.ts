// Manifest lists: one Avro file per snapshot naming every manifest of that snapshot.
import { randomUUID } from 'node:crypto';
import { decodeAvroContainer, encodeAvroContainer } from '../avro/avro-container.js';
import { recordLongs } from '../avro/avro-long.js';
import type { FileIO } from '../io/file-io.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import { MANIFEST_LIST_SCHEMA } from './manifest-schemas.js';
import type { FieldSummary } from './partition-summary.js';

export interface ManifestFile {
  readonly path: string;
  readonly length: number;
  readonly partitionSpecId: number;
  readonly sequenceNumber: number;
  readonly minSequenceNumber: number;
  readonly addedSnapshotId: SnapshotId;
  readonly addedFilesCount: number;
  readonly existingFilesCount: number;
  readonly deletedFilesCount: number;
  readonly addedRowsCount: number;
  readonly existingRowsCount: number;
  readonly deletedRowsCount: number;
  readonly partitions: readonly FieldSummary[];
}

interface AvroManifestFile {
  manifest_path: string;
  manifest_length: bigint;
  partition_spec_id: number;
  content: number;
  sequence_number: bigint;
  min_sequence_number: bigint;
  added_snapshot_id: bigint;
  added_files_count: number;
  existing_files_count: number;
  deleted_files_count: number;
  added_rows_count: bigint;
  existing_rows_count: bigint;
  deleted_rows_count: bigint;
  partitions: { contains_null: boolean; contains_nan: boolean | null; lower_bound: Buffer | null; upper_bound: Buffer | null }[] | null;
}

export interface ManifestListContext {
  readonly tableLocation: string;
  readonly snapshotId: SnapshotId;
  readonly parentSnapshotId: SnapshotId | undefined;
  readonly sequenceNumber: number;
}

export async function writeManifestList(io: FileIO, ctx: ManifestListContext, manifests: readonly ManifestFile[]): Promise<string> {
  const records = manifests.map((m): AvroManifestFile & { key_metadata: null } => ({
    manifest_path: m.path,
    manifest_length: BigInt(m.length),
    partition_spec_id: m.partitionSpecId,
    content: 0,
    sequence_number: BigInt(m.sequenceNumber),
    min_sequence_number: BigInt(m.minSequenceNumber),
    added_snapshot_id: BigInt(m.addedSnapshotId),
    added_files_count: m.addedFilesCount,
    existing_files_count: m.existingFilesCount,
    deleted_files_count: m.deletedFilesCount,
    added_rows_count: BigInt(m.addedRowsCount),
    existing_rows_count: BigInt(m.existingRowsCount),
    deleted_rows_count: BigInt(m.deletedRowsCount),
    partitions: m.partitions.map((p) => ({
      contains_null: p.containsNull,
      contains_nan: p.containsNan,
      lower_bound: p.lowerBound === null ? null : Buffer.from(p.lowerBound),
      upper_bound: p.upperBound === null ? null : Buffer.from(p.upperBound),
    })),
    key_metadata: null,
  }));
  const path = `${ctx.tableLocation}/metadata/snap-${ctx.snapshotId}-1-${randomUUID()}.avro`;
  const bytes = encodeAvroContainer(path, MANIFEST_LIST_SCHEMA, records, {
    'snapshot-id': ctx.snapshotId,
    'parent-snapshot-id': ctx.parentSnapshotId ?? 'null',
    'sequence-number': String(ctx.sequenceNumber),
    'format-version': '2',
  });
  await io.write(path, bytes);
  return path;
}

export async function readManifestList(io: FileIO, location: string): Promise<ManifestFile[]> {
  const { records } = await decodeAvroContainer(location, await io.read(location));
  return (records as AvroManifestFile[]).map((r, i) => {
    const long = recordLongs(location, i);
    return {
      path: r.manifest_path,
      length: long(r.manifest_length, 'manifest_length'),
      partitionSpecId: r.partition_spec_id,
      sequenceNumber: long(r.sequence_number, 'sequence_number'),
      minSequenceNumber: long(r.min_sequence_number, 'min_sequence_number'),
      addedSnapshotId: r.added_snapshot_id.toString(),
      addedFilesCount: r.added_files_count,
      existingFilesCount: r.existing_files_count,
      deletedFilesCount: r.deleted_files_count,
      addedRowsCount: long(r.added_rows_count, 'added_rows_count'),
      existingRowsCount: long(r.existing_rows_count, 'existing_rows_count'),
      deletedRowsCount: long(r.deleted_rows_count, 'deleted_rows_count'),
      partitions: (r.partitions ?? []).map((p) => ({
        containsNull: p.contains_null,
        containsNan: p.contains_nan,
        lowerBound: p.lower_bound,
        upperBound: p.upper_bound,
      })),
    };
  });
}
