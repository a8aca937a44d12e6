import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidSeedOptionError } from './errors.js';
import { generateSeedDataset, type SeedDatasetSummary, type SeedProgress } from './generate.js';
import { SEED_TABLES, seedRowCounts } from './options.js';
import { sourceTable } from './source-tables.js';
import { readCsvGz } from './testing/read-csv-gz.js';

const SCALE = 0.01;
const hashes = (summary: SeedDatasetSummary) => summary.tables.map((t) => [t.table, t.sha256]);

describe('generateSeedDataset', () => {
  let root: string;
  let first: SeedDatasetSummary;
  const progress: SeedProgress[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'seed-generate-'));
    first = await generateSeedDataset({ outDir: join(root, 'a'), scale: SCALE, seed: 42, onProgress: (p) => progress.push(p) });
  }, 60_000);
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes one gzip CSV per source table, and nothing else', async () => {
    expect(first.tables.map((t) => t.path)).toEqual(SEED_TABLES.map((table) => join(root, 'a', `${table}.csv.gz`)));
    expect((await readdir(join(root, 'a'))).sort()).toEqual(SEED_TABLES.map((table) => `${table}.csv.gz`).sort());
    for (const table of first.tables) expect((await stat(table.path)).size).toBe(table.bytes);
  });

  it('writes as many rows as the scale asks for', () => {
    const expected = seedRowCounts(SCALE);
    for (const table of first.tables) {
      expect(table.rows).toBe(expected[table.table]);
      expect(readCsvGz(table.path).rows).toHaveLength(expected[table.table]);
    }
  });

  it("heads every file with the manifest's source columns", () => {
    for (const table of first.tables) {
      expect(readCsvGz(table.path).header).toEqual(sourceTable(table.table).columns.map((c) => c.name));
    }
  });

  it('reports progress ending with every table complete, in table order', () => {
    const completed = progress.filter((p) => p.rowsWritten === p.totalRows);
    expect(completed.map((p) => p.table)).toEqual([...SEED_TABLES]);
    for (const p of completed) expect(p.totalRows).toBe(seedRowCounts(SCALE)[p.table]);
  });

  it('writes byte-identical files for the same seed and scale', async () => {
    const again = await generateSeedDataset({ outDir: join(root, 'b'), scale: SCALE, seed: 42 });
    expect(hashes(again)).toEqual(hashes(first));
  }, 60_000);

  it('writes different files for a different seed', async () => {
    const other = await generateSeedDataset({ outDir: join(root, 'c'), scale: SCALE, seed: 43 });
    other.tables.forEach((table, i) => expect(table.sha256).not.toBe(first.tables[i]?.sha256));
  }, 60_000);

  it('rejects an invalid scale or seed before writing anything', async () => {
    const outDir = join(root, 'invalid');
    await expect(generateSeedDataset({ outDir, scale: 0 })).rejects.toThrow(InvalidSeedOptionError);
    await expect(generateSeedDataset({ outDir, scale: 101 })).rejects.toThrow(/scale=101/);
    await expect(generateSeedDataset({ outDir, seed: 4.2 })).rejects.toThrow(/seed=4\.2/);
    await expect(readdir(outDir)).rejects.toThrow(/ENOENT/);
  });
});
