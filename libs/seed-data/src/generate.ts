import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { seedRecords } from './dataset.js';
import { SEED_TABLES, seedRowCounts, validateScale, validateSeed, type SeedTable } from './options.js';
import { sourceTable } from './source-tables.js';
import { writeCsvGz } from './write-csv-gz.js';

export interface SeedProgress {
  readonly table: SeedTable;
  readonly rowsWritten: number;
  readonly totalRows: number;
}

export interface GenerateSeedDatasetOptions {
  /** Directory for the files; created if missing. */
  readonly outDir: string;
  /** Multiplies every table's row count: 1 is the original's ~1.5 million reviews. Default 1; 0 < scale ≤ 100. */
  readonly scale?: number;
  /** The same seed and scale always give byte-identical files. Default 42. */
  readonly seed?: number;
  /** Called every 50,000 rows of a table, and once its file is complete. */
  readonly onProgress?: (progress: SeedProgress) => void;
}

export interface SeedTableSummary {
  readonly table: SeedTable;
  readonly rows: number;
  /** Size of the gzip file. */
  readonly bytes: number;
  /** Absolute path of the gzip file. */
  readonly path: string;
  /** Hex SHA-256 of the gzip file. */
  readonly sha256: string;
}

export interface SeedDatasetSummary {
  readonly tables: readonly SeedTableSummary[];
  readonly durationMs: number;
}

/**
 * Writes the synthetic beer-review dataset as `<outDir>/<table>.csv.gz`, one gzip CSV with a
 * header row per source table (the original batch-extract format), columns as the lake manifest
 * declares them. Throws InvalidSeedOptionError for a scale or seed out of range.
 */
export async function generateSeedDataset(options: GenerateSeedDatasetOptions): Promise<SeedDatasetSummary> {
  const started = performance.now();
  const scale = validateScale(options.scale ?? 1);
  const seed = validateSeed(options.seed ?? 42);
  const outDir = resolve(options.outDir);
  const rows = seedRowCounts(scale);
  const records = seedRecords(rows, seed);
  await mkdir(outDir, { recursive: true });

  const tables: SeedTableSummary[] = [];
  for (const table of SEED_TABLES) {
    const path = join(outDir, `${table}.csv.gz`);
    const report = (rowsWritten: number) => options.onProgress?.({ table, rowsWritten, totalRows: rows[table] });
    const file = await writeCsvGz(path, sourceTable(table), records[table], report);
    tables.push({ table, path, ...file });
  }
  return { tables, durationMs: Math.round(performance.now() - started) };
}
