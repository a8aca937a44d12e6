// Which files compaction rewrites: per partition, the files below the target size, when there are enough.
import type { IcebergPartitionSpec } from '@datamaster/lake-manifest';
import type { DataFile, PartitionValues } from '../manifest/data-file.js';
import { partitionKey } from '../manifest/partition.js';

export interface CompactionGroup {
  readonly partition: PartitionValues;
  readonly files: readonly DataFile[];
}

export interface CompactionLimits {
  readonly targetFileSizeBytes: number;
  readonly minInputFiles: number;
}

export function compactionGroups(spec: IcebergPartitionSpec, files: readonly DataFile[], limits: CompactionLimits): CompactionGroup[] {
  const byPartition = new Map<string, DataFile[]>();
  for (const file of files) {
    if (file.fileSizeInBytes >= limits.targetFileSizeBytes) continue;
    const key = partitionKey(spec, file.partition);
    byPartition.set(key, [...(byPartition.get(key) ?? []), file]);
  }
  return [...byPartition.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, small]) => small)
    .filter((small) => small.length >= limits.minInputFiles)
    .map((small) => ({ partition: small[0]?.partition ?? {}, files: small }));
}
