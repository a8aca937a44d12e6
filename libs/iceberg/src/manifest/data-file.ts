// Data files as the Iceberg layer's callers describe them, and manifest entries as the spec stores them.
import type { PrimitiveValue } from '../avro/single-value.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';

export type PartitionValue = PrimitiveValue | null;
/** Partition values keyed by partition field name (for identity transforms, the column name). */
export type PartitionValues = Readonly<Record<string, PartitionValue>>;

/** Column statistics keyed by Iceberg field id. Bounds are typed values; they are serialized per the spec. */
export interface DataFileMetrics {
  readonly columnSizes?: Readonly<Record<number, number>>;
  readonly valueCounts?: Readonly<Record<number, number>>;
  readonly nullValueCounts?: Readonly<Record<number, number>>;
  readonly lowerBounds?: Readonly<Record<number, PrimitiveValue>>;
  readonly upperBounds?: Readonly<Record<number, PrimitiveValue>>;
}

export interface DataFile {
  /** Location URI, as it will be written into the manifest (file:///… or s3://…). */
  readonly path: string;
  readonly partition: PartitionValues;
  readonly recordCount: number;
  readonly fileSizeInBytes: number;
  readonly metrics?: DataFileMetrics;
}

export const ENTRY_STATUS = { EXISTING: 0, ADDED: 1, DELETED: 2 } as const;
export type EntryStatus = (typeof ENTRY_STATUS)[keyof typeof ENTRY_STATUS];

export interface ManifestEntry {
  readonly status: EntryStatus;
  /** Null on ADDED entries: inherited from the manifest list, as the spec recommends. */
  readonly snapshotId: SnapshotId | null;
  readonly sequenceNumber: number | null;
  readonly fileSequenceNumber: number | null;
  readonly file: DataFile;
}

/** One file of a snapshot, with the sequence numbers resolved. */
export interface LiveDataFile extends DataFile {
  readonly snapshotId: SnapshotId;
  readonly sequenceNumber: number;
  /** The partition spec the file was written with: after partition evolution, older files keep theirs. */
  readonly specId: number;
}
