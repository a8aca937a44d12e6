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
}

/** A bronze file holding clear values: its path, the masked columns it has, and its top-level columns' field ids. */
interface ClearFile {
  readonly key: string;
  readonly path: string;
  readonly columns: readonly MaskedColumn[];
  /** As COPY's FIELD_IDS option takes them. */
  readonly fieldIds: string;
}

export interface BronzeInClear {
  /** The bronze objects of the table holding a clear value of one of the columns. */
  readonly keys: readonly string[];
}

/** Which bronze objects of `table` (a source table's name) hold a clear value of one of `columns`. */
export async function bronzeObjectsInClear(ctx: LakehouseContext, table: string, columns: readonly MaskedColumn[]): Promise<BronzeInClear> {
  const connection = await ctx.session.connect();
  try {
    return { keys: (await inClear(connection, ctx.store, table, columns)).map((f) => f.key) };
  } finally {
    connection.closeSync();
  }
}

async function inClear(connection: DuckDBConnection, store: ObjectStore, table: string, columns: readonly MaskedColumn[]): Promise<ClearFile[]> {
  const root = localPath(store.uri);
  const files: ClearFile[] = [];
  for await (const object of store.listAll(bronzeTablePrefix(table))) {
    if (!object.key.endsWith('.parquet')) continue;
    const path = join(root, object.key);
    const schema = (await connection.runAndReadAll(`SELECT name, field_id FROM parquet_schema(${sqlString(path)})`)).getRowObjectsJson() as { name: string; field_id: number | null }[];
    // A file written before a column was added lacks it.
    const present = columns.filter((c) => schema.some((f) => f.name === c.name));
    if (present.length === 0) continue;
    const clear = present.map((c) => `NOT ${maskedSql(c.name)}`).join(' OR ');
    const [row] = (await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM read_parquet(${sqlString(path)}) WHERE ${clear}`)).getRowObjectsJson() as { n: number }[];
    if ((row?.n ?? 0) === 0) continue;
    const fieldIds = `{${schema.filter((f) => f.field_id !== null).map((f) => `${quoteIdentifier(f.name)}: ${f.field_id}`).join(', ')}}`;
    files.push({ key: object.key, path, columns: present, fieldIds });
  }
  return files;
}

export async function rewriteBronzeMasked(ctx: LakehouseContext, table: string, columns: readonly MaskedColumn[], key: Buffer): Promise<BronzeRewrite> {
  const { store } = ctx;
  const connection = await ctx.session.connect();
  const scratch = await mkdtemp(join(tmpdir(), 'datamaster-pii-'));
  try {
    const files = await inClear(connection, store, table, columns);
    for (const file of files) {
      const replaced = file.columns.map((c) => `${maskValueSql(c.name, c.masking, key)} AS ${quoteIdentifier(c.name)}`);
      const out = join(scratch, 'masked.parquet');
      await connection.run(
        `COPY (SELECT * REPLACE (${replaced.join(', ')}) FROM read_parquet(${sqlString(file.path)})) TO ${sqlString(out)} (FORMAT parquet, COMPRESSION zstd, FIELD_IDS ${file.fieldIds})`,
      );
      // The object's metadata (its record, its counts) stays: only values change.
      const before = await store.head(file.key);
      await store.put(file.key, createReadStream(out), { contentType: 'application/vnd.apache.parquet', ...(before === undefined ? {} : { metadata: before.metadata }) });
      await rm(out, { force: true });
    }
    return { rewritten: files.map((f) => f.key) };
  } finally {
    connection.closeSync();
    await rm(scratch, { recursive: true, force: true });
  }
}
