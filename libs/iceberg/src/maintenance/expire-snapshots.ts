// Snapshot expiry: old snapshots leave the metadata, so time travel to them ends and the files only they
// referenced become orphans (deleteOrphanFiles removes them). Staged only; the caller commits.
import type { IcebergTable } from '../catalog/table.js';
import type { SnapshotId } from '../metadata/snapshot-id.js';
import type { Snapshot, TableMetadata } from '../metadata/table-metadata.js';
import { checkCount, checkDate } from './options.js';

export interface ExpireSnapshotsOptions {
  /** Snapshots committed before this instant may expire. */
  readonly olderThan: Date;
  /** The newest snapshots of the current snapshot's history kept whatever their age; default 1 (at least 1). */
  readonly retainLast?: number;
}

export interface ExpireSnapshotsResult {
  readonly metadata: TableMetadata;
  /** Ids of the expired snapshots, oldest first; empty when nothing is old enough (metadata then unchanged). */
  readonly expired: SnapshotId[];
}

/** Never expires the current snapshot, a snapshot a branch or tag points at, or the retainLast newest of history. */
export async function expireSnapshots(table: IcebergTable, options: ExpireSnapshotsOptions): Promise<ExpireSnapshotsResult> {
  const cutoff = checkDate('olderThan', options.olderThan);
  const retainLast = checkCount('retainLast', options.retainLast ?? 1, 1);
  const m = table.metadata;
  const kept = new Set<SnapshotId>([
    ...ancestry(m).slice(0, retainLast),
    ...Object.values(m.refs).map((ref) => ref['snapshot-id']),
    ...(m['current-snapshot-id'] === null ? [] : [m['current-snapshot-id']]),
  ]);
  const expired = m.snapshots.filter((s) => s['timestamp-ms'] < cutoff && !kept.has(s['snapshot-id'])).map((s) => s['snapshot-id']);
  if (expired.length === 0) return { metadata: m, expired };
  const gone = new Set(expired);
  return {
    metadata: {
      ...m,
      'last-updated-ms': Date.now(),
      snapshots: m.snapshots.filter((s) => !gone.has(s['snapshot-id'])),
      'snapshot-log': trimSnapshotLog(m['snapshot-log'], gone),
      // As Iceberg Java does: statistics of expired snapshots go with them (their files become orphans).
      ...(m.statistics === undefined ? {} : { statistics: m.statistics.filter((s) => !gone.has(s['snapshot-id'])) }),
      ...(m['partition-statistics'] === undefined ? {} : { 'partition-statistics': m['partition-statistics'].filter((s) => !gone.has(s['snapshot-id'])) }),
    },
    expired,
  };
}

/** The current snapshot, its parent, and so on: the history a reader of main can travel back through. */
function ancestry(metadata: TableMetadata): SnapshotId[] {
  const byId = new Map<SnapshotId, Snapshot>(metadata.snapshots.map((s) => [s['snapshot-id'], s]));
  const ids: SnapshotId[] = [];
  const snapshot = (id: SnapshotId | null | undefined) => (id === null || id === undefined ? undefined : byId.get(id));
  for (let s = snapshot(metadata['current-snapshot-id']); s !== undefined && !ids.includes(s['snapshot-id']); s = snapshot(s['parent-snapshot-id'])) {
    ids.push(s['snapshot-id']);
  }
  return ids;
}

/** The spec: when snapshots expire, every log entry up to the last one naming an expired snapshot goes. */
function trimSnapshotLog(log: TableMetadata['snapshot-log'], gone: ReadonlySet<SnapshotId>): TableMetadata['snapshot-log'] {
  const lastGone = log.findLastIndex((entry) => gone.has(entry['snapshot-id']));
  return log.slice(lastGone + 1);
}
