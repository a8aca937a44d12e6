import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTable, lakeManifest } from '@datamaster/lake-manifest';
import { ParquetProbe, convertRaw } from './testing/bronze-fixture.js';

// The seed extracts (every source table, small scale) through the converter, compared with what
// DuckDB reads from the same CSV: every non-PII source column, every row.
let dir: string;
let probe: ParquetProbe;
let files: Map<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bronze-round-trip-'));
  probe = await ParquetProbe.open();
  // Loaded lazily, as the benchmark does (its child processes must not carry the generator).
  const { generateSeedDataset } = await import('@datamaster/seed-data');
  const seed = await generateSeedDataset({ outDir: dir, scale: 0.01, seed: 7 });
  files = new Map(seed.tables.map((t) => [t.table, t.path]));
}, 60_000);
afterAll(async () => {
  await probe.close();
  await rm(dir, { recursive: true, force: true });
});

describe('round trip through DuckDB', () => {
  it.each(['brewery', 'beer', 'profile', 'review'])('bronze.%s holds exactly the rows of its extract', async (table) => {
    const path = files.get(table)!;
    const { parquet, summary } = await convertRaw(await readFile(path), { table, format: 'csv' }, 64 * 1024);
    const columns = getTable(lakeManifest(), `source.${table}`).columns.filter((c) => c.classification !== 'pii');
    // The extract stores unix-seconds columns as integers; bronze as timestamps.
    const fromBronze = columns.map((c) => (c.source?.encoding === 'unix-seconds' ? `epoch(${c.name})::BIGINT AS ${c.name}` : c.name)).join(', ');
    const fromCsv = columns.map((c) => c.name).join(', ');
    const csv = `read_csv('${path}', header = true, all_varchar = false)`;
    const [diff] = await probe.query(
      parquet,
      `SELECT (SELECT count(*) FROM (SELECT ${fromBronze} FROM $file EXCEPT ALL SELECT ${fromCsv} FROM ${csv})) AS only_bronze,
              (SELECT count(*) FROM (SELECT ${fromCsv} FROM ${csv} EXCEPT ALL SELECT ${fromBronze} FROM $file)) AS only_csv,
              (SELECT count(*) FROM ${csv}) AS rows`,
    );
    expect(summary.rowsQuarantined).toBe(0);
    expect(diff).toEqual({ only_bronze: 0n, only_csv: 0n, rows: BigInt(summary.rowsOut) });
    expect(summary.rowsOut).toBeGreaterThan(0);
  });
});
