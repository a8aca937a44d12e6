import type { DmsDataRecord } from '@datamaster/cdc';
import { quoteIdentifier } from '@datamaster/lake-manifest';
import { isoMicros } from './dms-values.js';
import { loadRecord, rowConverter, type TextRow } from './dms-records.js';
import { inTransaction, TEXT_SESSION, withClient } from './pg-client.js';
import { columnList, type SourceTable } from './source-tables.js';

const FETCH_ROWS = 1_000;

/**
 * Reads every source table in one REPEATABLE READ snapshot, in primary-key order, and hands the rows on
 * as DMS `load` records, a batch per fetch (memory stays bounded by the batch, not the table).
 *
 * The records' timestamp is the snapshot transaction's start, not the wall clock while reading: a change
 * committed after the snapshot then always has a later commit time than the load row it supersedes, so
 * silver, which keeps the latest change per key, can never prefer the older load row.
 * Returns the rows loaded per table (schema.table).
 */
export async function fullLoad(
  connectionString: string,
  tables: readonly SourceTable[],
  deliver: (records: DmsDataRecord[]) => Promise<void>,
): Promise<Record<string, number>> {
  return withClient(
    connectionString,
    (client) =>
      inTransaction(
        client,
        async () => {
          const started = await client.query<{ micros: string }>('SELECT (extract(epoch FROM now()) * 1000000)::bigint AS micros');
          const timestamp = isoMicros(BigInt(String(started.rows[0]?.micros)));
          const loaded: Record<string, number> = {};
          for (const source of tables) {
            const toData = rowConverter(source);
            const order = source.table.primaryKey.map(quoteIdentifier).join(', ');
            await client.query(`DECLARE dm_full_load NO SCROLL CURSOR FOR SELECT ${columnList(source.table)} FROM ${source.qualified} ORDER BY ${order}`);
            let rows = 0;
            for (;;) {
              const batch = await client.query<TextRow>(`FETCH ${FETCH_ROWS} FROM dm_full_load`);
              if (batch.rows.length === 0) break;
              rows += batch.rows.length;
              await deliver(batch.rows.map((row) => loadRecord(source, toData(row), timestamp)));
            }
            await client.query('CLOSE dm_full_load');
            loaded[`${source.schema}.${source.name}`] = rows;
          }
          return loaded;
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      ),
    TEXT_SESSION,
  );
}
