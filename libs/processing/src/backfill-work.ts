// A backfill: every partition of a derived table recomputed with the transform the manifest has now (what
// `datamaster apply` runs when a transform changed). It is ledger work like the work an upstream commit hands
// over, so both engines run it, and the tables built from this one follow through their own downstream work.
import { createHash } from 'node:crypto';
import { currentDataFiles, type PartitionValues } from '@datamaster/iceberg';
import { backfillWorkKey, type LedgerRecord } from '@datamaster/lake-contract';
import type { CatalogLayer, LakeTable } from '@datamaster/lake-manifest';
import type { ProcessingContext } from './context.js';
import { PARTITIONS_ATTRIBUTE } from './downstream-work.js';
import { BackfillPartitionsError } from './errors.js';

export interface BackfillRegistration {
  readonly record: LedgerRecord;
  /** False when this very backfill was registered before (apply run again): its record says how it went. */
  readonly created: boolean;
  readonly partitions: number;
}

/** An input whose partitions name every partition column of the table (as fine as the table's, or finer). */
const partitionsCover = (input: LakeTable, table: LakeTable) => table.partitionBy.every((p) => input.partitionBy.some((i) => i.column === p.column));

/**
 * Every partition the table has or would have, in its own partitioning: the partitions of its own live files (so
 * partitions that would now be empty are rewritten empty) and those of its inputs partitioned by its partition
 * columns, or more finely (a table by review_year of one by review_year, review_month). Read from the tables'
 * manifests, not their data. Also the table's current snapshot, read on the way.
 */
async function allPartitions(ctx: ProcessingContext, table: LakeTable): Promise<{ partitions: PartitionValues[]; snapshotId: string | null }> {
  const own = await ctx.lake.load(table);
  const snapshotId = own.metadata['current-snapshot-id'] ?? null;
  if (table.partitionBy.length === 0) return { partitions: [{}], snapshotId };
  const inputs = table.upstream.map((ref) => ctx.lake.table(ref)).filter((upstream) => partitionsCover(upstream, table));
  if (inputs.length === 0) throw new BackfillPartitionsError(table.ref, table.partitionBy.map((p) => p.column), table.upstream);
  const seen = new Map<string, PartitionValues>();
  for (const iceberg of [own, ...(await Promise.all(inputs.map((input) => ctx.lake.load(input))))]) {
    const specId = iceberg.metadata['default-spec-id'];
    for (const file of await currentDataFiles(iceberg)) {
      // Tombstone-only partitions (a null partition value) hold nothing a derived table reads.
      if (file.specId !== specId || Object.values(file.partition).some((v) => v === null)) continue;
      const partition = Object.fromEntries(table.partitionBy.map((p) => [p.column, file.partition[p.column] ?? null]));
      seen.set(JSON.stringify(partition), partition);
    }
  }
  return { partitions: [...seen.values()], snapshotId };
}

export async function registerBackfill(ctx: ProcessingContext, table: LakeTable, transformSql: string): Promise<BackfillRegistration> {
  const { partitions, snapshotId } = await allPartitions(ctx, table);
  const sha = createHash('sha256').update(transformSql).digest('hex');
  const { record, created } = await ctx.ledger.register({
    layer: table.layer as CatalogLayer,
    table: table.name,
    objectKey: backfillWorkKey(table, sha, snapshotId),
    etag: sha,
    objectSize: 0,
    format: 'iceberg',
    source: 'backfill',
    attributes: { [PARTITIONS_ATTRIBUTE]: JSON.stringify(partitions) },
  });
  return { record, created, partitions: partitions.length };
}
