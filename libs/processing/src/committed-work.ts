// Reading a job's commit back from the table: the snapshot whose summary names the work. This is how the
// settle task learns what a job did on any engine, and how a rerun after a crash finds that the work it
// is about to run was committed already.
import type { IcebergTable } from '@datamaster/iceberg';
import { COMMIT_SUMMARY, type CommittedWork, type PartitionValues } from '@datamaster/lake-contract';

type Snapshot = IcebergTable['metadata']['snapshots'][number];

/** The snapshot that consumed `workId`, if one did (among the snapshots the table still keeps). */
export function snapshotOfWork(table: IcebergTable, workId: string): Snapshot | undefined {
  return table.metadata.snapshots.find((s) => s.summary[COMMIT_SUMMARY.workId] === workId);
}

/** The metadata file that made the snapshot current: the log entry written with it, else the current file. */
function metadataLocationOf(table: IcebergTable, snapshot: Snapshot): string {
  if (table.metadata['current-snapshot-id'] === snapshot['snapshot-id']) return table.metadataLocation;
  const entry = table.metadata['metadata-log'].find((e) => e['timestamp-ms'] >= snapshot['timestamp-ms']);
  return entry?.['metadata-file'] ?? table.metadataLocation;
}

export function committedWork(table: IcebergTable, workId: string): CommittedWork | undefined {
  const snapshot = snapshotOfWork(table, workId);
  if (snapshot === undefined) return undefined;
  const summary = snapshot.summary;
  const number = (key: string) => Number(summary[key] ?? 0);
  return {
    snapshotId: snapshot['snapshot-id'],
    metadataLocation: metadataLocationOf(table, snapshot),
    rowsIn: number(COMMIT_SUMMARY.rowsIn),
    rowsWritten: number('added-records'),
    filesAdded: number('added-data-files'),
    bytesWritten: number('added-files-size'),
    partitionsRewritten: number(COMMIT_SUMMARY.partitionsRewritten),
    downstreamPartitions: JSON.parse(summary[COMMIT_SUMMARY.downstreamPartitions] ?? '[]') as PartitionValues[],
    engine: summary[COMMIT_SUMMARY.engine] ?? 'unknown',
  };
}
