import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SeedRecord } from './csv.js';
import { MissingColumnError } from './errors.js';
import { readCsvGz } from './testing/read-csv-gz.js';
import { sourceTable } from './source-tables.js';
import { PROGRESS_EVERY_ROWS, writeCsvGz } from './write-csv-gz.js';

const brewery = sourceTable('brewery');

function* breweries(count: number): Generator<SeedRecord> {
  for (let id = 1; id <= count; id++) yield { brewery_id: id, brewery_name: `Brewery ${id}, Inc.` };
}

describe('writeCsvGz', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'seed-write-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a gzip CSV with a header row and reports its rows, size and hash', async () => {
    const path = join(dir, 'brewery.csv.gz');
    const file = await writeCsvGz(path, brewery, breweries(3));
    const bytes = await readFile(path);
    expect(file).toEqual({ rows: 3, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    const csv = readCsvGz(path);
    expect(csv.header).toEqual(['brewery_id', 'brewery_name']);
    expect(csv.rows.map((row) => row['brewery_name'])).toEqual(['Brewery 1, Inc.', 'Brewery 2, Inc.', 'Brewery 3, Inc.']);
  });

  it.each([
    [2 * PROGRESS_EVERY_ROWS + 123, [PROGRESS_EVERY_ROWS, 2 * PROGRESS_EVERY_ROWS, 2 * PROGRESS_EVERY_ROWS + 123]],
    [2 * PROGRESS_EVERY_ROWS, [PROGRESS_EVERY_ROWS, 2 * PROGRESS_EVERY_ROWS]],
  ])('reports progress every PROGRESS_EVERY_ROWS rows and once at the end (%i rows)', async (rows, expected) => {
    const reported: number[] = [];
    await writeCsvGz(join(dir, 'brewery.csv.gz'), brewery, breweries(rows), (written) => reported.push(written));
    expect(reported).toEqual(expected);
  });

  it('leaves neither a partial file nor a temporary one when generation fails', async () => {
    const path = join(dir, 'brewery.csv.gz');
    await writeFile(path, 'previous run');
    function* brokenAfter(rows: number): Generator<SeedRecord> {
      yield* breweries(rows);
      yield { brewery_id: rows + 1 }; // lacks brewery_name
    }
    await expect(writeCsvGz(path, brewery, brokenAfter(5_000))).rejects.toThrow(MissingColumnError);
    expect(await readdir(dir)).toEqual(['brewery.csv.gz']);
    expect(await readFile(path, 'utf8')).toBe('previous run');
  });
});
