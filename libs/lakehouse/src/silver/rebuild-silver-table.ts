// A source's silver table rebuilt under a migrated declaration (another key or type): every bronze change of
// the table merged again, in change order, into an empty table with the declared schema and spec, committed in one
// overwrite, so readers see the old table or the new one, never a mix. Bronze keeps every change since the start,
// which is what makes a merged table recomputable.
import { randomUUID } from 'node:crypto';
import { applyTableChange, commitWithRetry, overwriteTable, type IcebergTable } from '@datamaster/iceberg';
import { getTable, icebergSchema, type LakeTable } from '@datamaster/lake-manifest';
import { silverMergeSql } from '@datamaster/lake-manifest/transforms';
import type { LakehouseContext } from '../engine/context.js';
import { declarationChange } from '../engine/declaration-change.js';
import { parquetSelect } from '../engine/table-view.js';
import { writeDataFiles } from '../engine/write-data-files.js';
import type { WholeTableRebuild } from '../derived/rebuild-whole-table.js';
import { bronzeFiles, loadChanges } from './bronze-changes.js';

export interface SilverReplay extends WholeTableRebuild {
  /** The bronze objects merged again. */
  readonly bronzeObjects: number;
  /** Their changes. */
  readonly rowsIn: number;
}

/** `bronzeKeys`: every bronze object of the table (the ledger's succeeded bronze records' outputs). */
export async function rebuildSilverFromBronze(ctx: LakehouseContext, silver: LakeTable, bronzeKeys: readonly string[]): Promise<SilverReplay> {
  const { lake } = ctx;
  const connection = await ctx.session.connect();
  const writeId = randomUUID();
  try {
    const rowsIn = await loadChanges(connection, getTable(lake.manifest, `bronze.${silver.name}`), bronzeFiles(ctx.store, bronzeKeys.map((objectKey) => ({ objectKey }))));
    const lifecycle = silver.columns.filter((c) => c.origin !== 'computed').map((c) => c.name);
    // Nothing merged yet: every key is new to the rebuilt table.
    await connection.run(`CREATE OR REPLACE TEMP VIEW target AS ${parquetSelect(silver, icebergSchema(silver), [], lifecycle)}`);
    await connection.run(`CREATE OR REPLACE TEMP TABLE merged AS ${silverMergeSql(silver)}`);
    let outcome = { rows: 0, files: 0 };
    const committed = await commitWithRetry(lake.catalog, lake.identifier(silver), async (iceberg) => {
      const declared: IcebergTable = { ...iceberg, metadata: applyTableChange(iceberg, declarationChange(iceberg, silver)) };
      const written = await writeDataFiles(connection, declared, silver, 'SELECT * FROM merged', writeId);
      outcome = { rows: written.rows, files: written.files.length };
      return overwriteTable(declared, written.files);
    });
    return { ref: silver.ref, ...outcome, snapshotId: String(committed.metadata['current-snapshot-id']), bronzeObjects: bronzeKeys.length, rowsIn };
  } finally {
    connection.closeSync();
  }
}
