// A table's current snapshot as the contract's table status reads it (`datamaster tables`, the portal).
import type { SnapshotFacts } from '@datamaster/lake-contract';
import type { TableMetadata } from './table-metadata.js';

/** The current snapshot's id, time and summary; undefined for a table never written. */
export function currentSnapshotFacts(metadata: TableMetadata): SnapshotFacts | undefined {
  const current = metadata.snapshots.find((s) => s['snapshot-id'] === metadata['current-snapshot-id']);
  return current === undefined ? undefined : { id: current['snapshot-id'], timestampMs: current['timestamp-ms'], summary: current.summary };
}
