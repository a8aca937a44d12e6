// An Iceberg table's live files rewritten with columns masked (a `replace` snapshot: the same rows, other values),
// its manifests rewritten without the replaced files' entries (their column bounds hold clear values), then every
// older snapshot expired and the files only they referenced deleted, so neither time travel nor the table's
// metadata reaches the clear values.
import { randomUUID } from 'node:crypto';
import { commitWithRetry, deleteOrphanFiles, expireSnapshots, replaceDataFiles, rewriteManifests } from '@datamaster/iceberg';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { LakeTable } from '@datamaster/lake-manifest';
import type { LakehouseContext } from '../engine/context.js';
import { quoteIdentifier } from '../engine/sql.js';
import { createTableView } from '../engine/table-view.js';
import { writeDataFiles } from '../engine/write-data-files.js';
import { maskedSql, maskValueSql } from './mask-sql.js';
import type { MaskedColumn } from './rewrite-bronze-masked.js';

export interface TableRewrite {
  readonly ref: string;
  /** Live files replaced by masked ones; 0 when no live file held a clear value. */
  readonly filesRewritten: number;
  readonly snapshotsExpired: number;
  readonly filesDeleted: number;
}

/** How many rows of the view hold a clear value of one of `columns`. */
async function clearRows(connection: DuckDBConnection, view: string, columns: readonly MaskedColumn[]): Promise<number> {
  const [row] = (await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${quoteIdentifier(view)} WHERE ${columns.map((c) => `NOT ${maskedSql(c.name)}`).join(' OR ')}`)).getRowObjectsJson() as { n: string }[];
  return Number(row?.n ?? 0);
}

/** How many of the table's live rows hold a clear value of one of `columns`. */
export async function rowsInClear(ctx: LakehouseContext, table: LakeTable, columns: readonly MaskedColumn[]): Promise<number> {
  const connection = await ctx.session.connect();
  try {
    await createTableView(connection, 'in_clear', await ctx.lake.load(table), table);
    return await clearRows(connection, 'in_clear', columns);
  } finally {
    connection.closeSync();
  }
}

export async function rewriteTableMasked(ctx: LakehouseContext, table: LakeTable, columns: readonly MaskedColumn[], key: Buffer): Promise<TableRewrite> {
  const { lake } = ctx;
  const connection = await ctx.session.connect();
  let filesRewritten = 0;
  try {
    const writeId = randomUUID();
    await commitWithRetry(lake.catalog, lake.identifier(table), async (iceberg) => {
      const live = await createTableView(connection, 'unmasked', iceberg, table);
      if ((await clearRows(connection, 'unmasked', columns)) === 0) return undefined;
      const masked = table.columns.map((c) => {
        const column = columns.find((m) => m.name === c.name);
        return column === undefined ? quoteIdentifier(c.name) : `${maskValueSql(c.name, column.masking, key)} AS ${quoteIdentifier(c.name)}`;
      });
      const written = await writeDataFiles(connection, iceberg, table, `SELECT ${masked.join(', ')} FROM unmasked`, writeId);
      const result = await replaceDataFiles(iceberg, [{ replaced: live, added: written.files }]);
      filesRewritten = result?.rewritten ?? 0;
      return result?.metadata;
    });
  } finally {
    connection.closeSync();
  }
  // The replaced files' manifest entries keep their column bounds: a snapshot without them follows. Then every
  // snapshot but the current one goes, and with them the files (data and manifests) that held the clear values.
  await commitWithRetry(lake.catalog, lake.identifier(table), (iceberg) => rewriteManifests(iceberg));
  const now = new Date();
  let snapshotsExpired = 0;
  await commitWithRetry(lake.catalog, lake.identifier(table), async (iceberg) => {
    const expiry = await expireSnapshots(iceberg, { olderThan: new Date(now.getTime() + 1), retainLast: 1 });
    snapshotsExpired = expiry.expired.length;
    return expiry.expired.length === 0 ? undefined : expiry.metadata;
  });
  const orphans = await deleteOrphanFiles(await lake.load(table), { olderThan: new Date(now.getTime() + 1) });
  return { ref: table.ref, filesRewritten, snapshotsExpired, filesDeleted: orphans.deleted.length };
}
