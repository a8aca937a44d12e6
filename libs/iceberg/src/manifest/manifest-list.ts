// Manifest lists: one Avro file per snapshot naming every manifest of that snapshot.
import { randomUUID } from 'node:crypto';
import { decodeAvroContainer, encodeAvroContainer } from '../avro/avro-container.js';
import type { FileIO } from '../io/file-io.js';
import { MANIFEST_LIST_SCHEMA } from './manifest-schemas.js';
import type { FieldSummary } from './partition-summary.js';

export interface ManifestFile {
  readonly path: string;
  readonly length: number;
  readonly partitionSpecId: number;
  readonly sequenceNumber: number;
  readonly minSequenceNumber: number;
  readonly addedSnapshotId: number;
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
  manifest_length: number;
  partition_spec_id: number;
  content: number;
  sequence_number: number;
  min_sequence_number: number;
  added_snapshot_id: number;
  added_files_count: number;
  existing_files_count: number;
  deleted_files_count: number;
  added_rows_count: number;
  existing_rows_count: number;
  deleted_rows_count: number;
  partitions: { contains_null: boolean; contains_nan: boolean | null; lower_bound: Buffer | null; upper_bound: Buffer | null }[] | null;
}

export interface ManifestListContext {
  readonly tableLocation: string;
  readonly snapshotId: number;
  readonly parentSnapshotId: number | undefined;
  readonly sequenceNumber: number;
}

export async function writeManifestList(io: FileIO, ctx: ManifestListContext, manifests: readonly ManifestFile[]): Promise<string> {
  const records = manifests.map((m) => ({
    manifest_path: m.path,
    manifest_length: m.length,
    partition_spec_id: m.partitionSpecId,
    content: 0,
    sequence_number: m.sequenceNumber,
    min_sequence_number: m.minSequenceNumber,
    added_snapshot_id: m.addedSnapshotId,
    added_files_count: m.addedFilesCount,
    existing_files_count: m.existingFilesCount,
    deleted_files_count: m.deletedFilesCount,
    added_rows_count: m.addedRowsCount,
    existing_rows_count: m.existingRowsCount,
    deleted_rows_count: m.deletedRowsCount,
    partitions: m.partitions.map((p) => ({
      contains_null: p.containsNull,
      contains_nan: p.containsNan,
      lower_bound: p.lowerBound === null ? null : Buffer.from(p.lowerBound),
      upper_bound: p.upperBound === null ? null : Buffer.from(p.upperBound),
    })),
    key_metadata: null,
  }));
  const bytes = await encodeAvroContainer(MANIFEST_LIST_SCHEMA, records, {
    'snapshot-id': String(ctx.snapshotId),
    'parent-snapshot-id': ctx.parentSnapshotId === undefined ? 'null' : String(ctx.parentSnapshotId),
    'sequence-number': String(ctx.sequenceNumber),
    'format-version': '2',
  });
  const path = `${ctx.tableLocation}/metadata/snap-${ctx.snapshotId}-1-${randomUUID()}.avro`;
  await io.write(path, bytes);
  return path;
}

export async function readManifestList(io: FileIO, location: string): Promise<ManifestFile[]> {
  const { records } = await decodeAvroContainer(await io.read(location));
  return (records as AvroManifestFile[]).map((r) => ({
    path: r.manifest_path,
    length: r.manifest_length,
    partitionSpecId: r.partition_spec_id,
    sequenceNumber: r.sequence_number,
    minSequenceNumber: r.min_sequence_number,
    addedSnapshotId: r.added_snapshot_id,
    addedFilesCount: r.added_files_count,
    existingFilesCount: r.existing_files_count,
    deletedFilesCount: r.deleted_files_count,
    addedRowsCount: r.added_rows_count,
    existingRowsCount: r.existing_rows_count,
    deletedRowsCount: r.deleted_rows_count,
    partitions: (r.partitions ?? []).map((p) => ({
      containsNull: p.contains_null,
      containsNan: p.contains_nan,
      lowerBound: p.lower_bound,
      upperBound: p.upper_bound,
    })),
  }));
}
