// Test support: run the converter on in-memory bytes and read its Parquet back with DuckDB.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { buildManifest, type LakeManifest } from '@datamaster/lake-manifest';
import { FIXTURE_MANIFEST_SOURCES } from '@datamaster/lake-manifest/testing';
import { convertToBronze, type BronzeConversionSummary, type ConvertToBronzeOptions } from '../convert.js';
import type { QuarantineEntry } from '../quarantine.js';

export const INGESTED_AT = new Date('2026-11-26T04:00:00.000Z');
export const EXTRACT_TIME = new Date('2026-11-26T03:00:00.000Z');
export const MASKING_KEY = Buffer.from('test masking key');

export const gzip = (text: string | Buffer): Buffer => gzipSync(text);

/** A Writable that keeps what it is given. */
export function collector(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

export interface Converted {
  readonly summary: BronzeConversionSummary;
  readonly parquet: Buffer;
  readonly quarantine: QuarantineEntry[];
}

export type ConvertInput = Partial<Omit<ConvertToBronzeOptions, 'input' | 'output' | 'quarantine'>> & Pick<ConvertToBronzeOptions, 'table' | 'format'>;

/** Converts raw (already gzip'd) bytes; the input arrives in chunks of `chunkBytes` to exercise boundaries. */
export async function convertRaw(raw: Buffer, options: ConvertInput, chunkBytes = 7): Promise<Converted> {
  const output = collector();
  const quarantine = collector();
  const chunks = Array.from({ length: Math.ceil(raw.length / chunkBytes) }, (_, i) => raw.subarray(i * chunkBytes, (i + 1) * chunkBytes));
  const summary = await convertToBronze({
    rawObjectKey: `raw/${options.table}/test.${options.format === 'csv' ? 'csv' : 'json'}.gz`,
    ingestedAt: INGESTED_AT,
    batchChangeTs: EXTRACT_TIME,
    masking: { key: MASKING_KEY },
    ...options,
    input: Readable.from(chunks),
    output: output.stream,
    quarantine: quarantine.stream,
  });
  const lines = quarantine.bytes().toString('utf8').split('\n').filter(Boolean);
  return { summary, parquet: output.bytes(), quarantine: lines.map((line) => JSON.parse(line) as QuarantineEntry) };
}

export const convertText = (text: string | Buffer, options: ConvertInput): Promise<Converted> => convertRaw(gzip(text), options);

/** DuckDB over Parquet bytes, through files in a temporary directory removed by close(). */
export class ParquetProbe {
  private files = 0;
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly dir: string,
  ) {}

  static async open(): Promise<ParquetProbe> {
    const instance = await DuckDBInstance.create();
    return new ParquetProbe(instance, await instance.connect(), await mkdtemp(join(tmpdir(), 'bronze-test-')));
  }

  /** Runs sql with every "$file" replaced by the Parquet file's path; rows as JS values. */
  async query(parquet: Buffer, sql: string): Promise<Record<string, unknown>[]> {
    const path = join(this.dir, `f${this.files++}.parquet`);
    await writeFile(path, parquet);
    const result = await this.connection.runAndReadAll(sql.replaceAll('$file', `'${path}'`));
    return result.getRowObjectsJS() as Record<string, unknown>[];
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The fixture manifest plus one source table declared by the test. */
export function manifestWith(table: Record<string, unknown>): LakeManifest {
  return buildManifest({
    ...FIXTURE_MANIFEST_SOURCES,
    tables: [...FIXTURE_MANIFEST_SOURCES.tables, { file: `tables/sources/${String(table.name)}.json`, data: { kind: 'source-table', domain: 'test', owner: 'group:default/data-platform', description: 'A test table.', bronze: { freshness: 'PT1H' }, silver: { freshness: 'P1D' }, ...table } }],
  });
}
