import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEngineSession } from './duckdb-session.js';

describe('engine session', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds DuckDB to the memory limit given and spills into the folder given', async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-session-'));
    const spillDir = join(dir, 'spill');
    const session = await openEngineSession({ memoryLimitBytes: 300 * 2 ** 20, spillDir });
    try {
      const connection = await session.connect();
      const [settings] = (await connection.runAndReadAll("SELECT current_setting('memory_limit') AS memory, current_setting('temp_directory') AS spill")).getRowObjectsJson();
      expect(settings).toEqual({ memory: '300.0 MiB', spill: spillDir });
      expect(existsSync(spillDir)).toBe(true);
      // A sort of more than the limit completes by spilling.
      const [sorted] = (await connection.runAndReadAll('SELECT count(*)::BIGINT AS n FROM (SELECT range AS i, md5(range::VARCHAR) AS h FROM range(6000000) ORDER BY h)')).getRowObjectsJson();
      expect(sorted).toEqual({ n: '6000000' });
    } finally {
      session.close();
    }
  }, 120_000);

  it('reports its memory per pool', async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-session-'));
    const session = await openEngineSession({ memoryLimitBytes: 300 * 2 ** 20 });
    const kept = await session.connect();
    await kept.run('CREATE TEMP TABLE held AS SELECT range AS i, md5(range::VARCHAR) AS h FROM range(200000)');
    const pools = await session.memoryUse();
    expect(pools.map((p) => p.tag)).toContain('IN_MEMORY_TABLE');
    expect(pools.reduce((sum, p) => sum + p.bytes, 0)).toBeGreaterThan(1_000_000);
    session.close();
  });

  it('keeps no file bytes when asked not to cache files', async () => {
    dir = mkdtempSync(join(tmpdir(), 'engine-session-'));
    const cached = await openEngineSession({});
    const uncached = await openEngineSession({ cacheFiles: false });
    const setting = async (session: typeof cached) => (await (await session.connect()).runAndReadAll("SELECT current_setting('enable_external_file_cache') AS on")).getRowObjectsJson()[0]?.['on'];
    expect([await setting(cached), await setting(uncached)]).toEqual([true, false]);
    cached.close();
    uncached.close();
  });
});
