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

const samePartitioning = (a: LakeTable, b: LakeTable) => JSON.stringify(a.partitionBy) === JSON.stringify(b.partitionBy);

/**
 * Every partition the table has or would have: the partitions of its own live files (so partitions that would
 * now be empty are rewritten empty) and those of its inputs partitioned like it (all the derived tables of the
 * lake read a fact table partitioned as they are). Read from the tables' manifests, not their data.
 */
async function allPartitions(ctx: ProcessingContext, table: LakeTable): Promise<PartitionValues[]> {
  if (table.partitionBy.length === 0) return [{}];
  const inputs = table.upstream.map((ref) => ctx.lake.table(ref)).filter((upstream) => samePartitioning(upstream, table));
  if (inputs.length === 0) throw new BackfillPartitionsError(table.ref, table.partitionBy.map((p) => p.column), table.upstream);
  const seen = new Map<string, PartitionValues>();
  for (const source of [table, ...inputs]) {
    const iceberg = await ctx.lake.load(source);
    const specId = iceberg.metadata['default-spec-id'];
    for (const file of await currentDataFiles(iceberg)) {
      // Tombstone-only partitions (a null partition value) hold nothing a derived table reads.
      if (file.specId === specId && Object.values(file.partition).every((v) => v !== null)) seen.set(JSON.stringify(file.partition), file.partition);
    }
  }
  return [...seen.values()];
}

export async function registerBackfill(ctx: ProcessingContext, table: LakeTable, transformSql: string): Promise<BackfillRegistration> {
  const partitions = await allPartitions(ctx, table);
  const snapshotId = (await ctx.lake.load(table)).metadata['current-snapshot-id'] ?? null;
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
