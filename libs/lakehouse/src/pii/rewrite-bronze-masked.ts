// Bronze files written before a column was declared PII hold it in clear: each is rewritten in place with the
// column masked as bronze masks it now. The object is replaced atomically (the store's put), keeping every other
// column, its type and its field id; a file that holds no clear value of the columns is left untouched.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { bronzeTablePrefix } from '@datamaster/lake-contract';
import type { Masking } from '@datamaster/lake-manifest';
import type { ObjectStore } from '@datamaster/storage';
import type { LakehouseContext } from '../engine/context.js';
import { localPath, quoteIdentifier, sqlString } from '../engine/sql.js';
import { maskedSql, maskValueSql } from './mask-sql.js';

export interface MaskedColumn {
  readonly name: string;
  readonly masking: Masking;
}

export interface BronzeRewrite {
  /** The bronze objects rewritten masked. */
  readonly rewritten: readonly string[];
  /** The bronze objects that held no clear value of the columns. */
  readonly unchanged: number;
}

/** The field ids of a Parquet file's top-level columns, as COPY's FIELD_IDS option takes them. */
async function fieldIdsOf(connection: DuckDBConnection, path: string): Promise<string> {
  const rows = (await connection.runAndReadAll(`SELECT name, field_id FROM parquet_schema(${sqlString(path)}) WHERE field_id IS NOT NULL`)).getRowObjectsJson() as { name: string; field_id: number }[];
  return `{${rows.map((r) => `${quoteIdentifier(r.name)}: ${r.field_id}`).join(', ')}}`;
}

/** The columns among `columns` a Parquet file has (a file written before a column was added lacks it). */
async function columnsIn(connection: DuckDBConnection, path: string, columns: readonly MaskedColumn[]): Promise<MaskedColumn[]> {
  const present = new Set(((await connection.runAndReadAll(`SELECT name FROM parquet_schema(${sqlString(path)})`)).getRowObjectsJson() as { name: string }[]).map((r) => r.name));
  return columns.filter((c) => present.has(c.name));
}

export interface BronzeInClear {
  /** The bronze objects of the table holding a clear value of one of the columns. */
  readonly keys: readonly string[];
  /** Every bronze object of the table. */
  readonly total: number;
}

/** Which bronze objects of `table` (a source table's name) hold a clear value of one of `columns`. */
export async function bronzeObjectsInClear(ctx: LakehouseContext, table: string, columns: readonly MaskedColumn[]): Promise<BronzeInClear> {
  const connection = await ctx.session.connect();
  try {
    return await inClear(connection, ctx.store, table, columns);
  } finally {
    connection.closeSync();
  }
}

async function inClear(connection: DuckDBConnection, store: ObjectStore, table: string, columns: readonly MaskedColumn[]): Promise<BronzeInClear> {
  const root = localPath(store.uri);
  const keys: string[] = [];
  let total = 0;
  for await (const object of store.listAll(bronzeTablePrefix(table))) {
    if (!object.key.endsWith('.parquet')) continue;
    total++;
    const path = join(root, object.key);
    const clear = (await columnsIn(connection, path, columns)).map((c) => `NOT ${maskedSql(c.name)}`);
    if (clear.length === 0) continue;
    const [row] = (await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(path)}) WHERE ${clear.join(' OR ')}`)).getRowObjectsJson() as { n: number }[];
    if ((row?.n ?? 0) > 0) keys.push(object.key);
  }
  return { keys, total };
}

export async function rewriteBronzeMasked(ctx: LakehouseContext, table: string, columns: readonly MaskedColumn[], key: Buffer): Promise<BronzeRewrite> {
  const { store } = ctx;
  const root = localPath(store.uri);
  const connection = await ctx.session.connect();
  const scratch = await mkdtemp(join(tmpdir(), 'datamaster-pii-'));
  try {
    const { keys, total } = await inClear(connection, store, table, columns);
    for (const objectKey of keys) {
      const path = join(root, objectKey);
      const replaced = (await columnsIn(connection, path, columns)).map((c) => `${maskValueSql(c.name, c.masking, key)} AS ${quoteIdentifier(c.name)}`);
      const out = join(scratch, 'masked.parquet');
      await connection.run(
        `COPY (SELECT * REPLACE (${replaced.join(', ')}) FROM read_parquet(${sqlString(path)})) TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd, FIELD_IDS ${await fieldIdsOf(connection, path)})`,
      );
      // The object's metadata (its record, its counts) stays: only values change.
      const before = await store.head(objectKey);
      await store.put(objectKey, createReadStream(out), { contentType: 'application/vnd.apache.parquet', ...(before === undefined ? {} : { metadata: before.metadata }) });
      await rm(out, { force: true });
    }
    return { rewritten: keys, unchanged: total - keys.length };
  } finally {
    connection.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}
