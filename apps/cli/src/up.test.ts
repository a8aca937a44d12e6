import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putBatchExtract } from '@datamaster/ingestion';
import { openObjectStore } from '@datamaster/storage';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing, startBuilt } from './testing/run-cli.js';

let cwd: string;
const cli = (...args: string[]) => runCapturing(['--home', 'home', ...args], { cwd });
beforeAll(() => void (cwd = mkdtempSync(join(tmpdir(), 'datamaster-up-'))));
afterAll(async () => {
  await stopLedgerServer(join(cwd, 'home'));
  rmSync(cwd, { recursive: true, force: true });
});

describe('datamaster up', () => {
  it('ingests raw objects another process writes, runs silver and gold and upkeep on their schedules, then stops cleanly', async () => {
    expect((await cli('init')).code).toBe(0);
    expect((await cli('seed', '--out', 'seed', '--scale', '0.002')).code).toBe(0);
    // A process of its own, stopped with Ctrl-C once it has shown what it does: no guess at how long a loaded machine needs.
    const up = startBuilt(['--home', 'home', 'up', '--scan', '0.5', '--interval', '2', '--upkeep', '1', '--memory-log', 'memory.jsonl'], { cwd });
    await up.waitFor(/platform up/, 60_000);
    // Another writer: its own store object on the same lake folder, so `up` gets no in-process event.
    const store = openObjectStore(join(cwd, 'home', 'lake'));
    for (const table of ['brewery', 'beer', 'profile', 'review'] as const) await putBatchExtract({ store, file: join(cwd, 'seed', `${table}.csv.gz`), table });
    await store.close();
    await up.waitFor(/✔ gold\.top_drinkers [\s\S]*● upkeep: /, 120_000);
    up.child.kill('SIGINT');
    const run = await up.finished;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('platform up');
    expect(run.stdout).toMatch(/raw\/review\/batch-[0-9a-f]+-review\.csv\.gz: succeeded/);
    expect(run.stdout).toMatch(/✔ gold\.top_drinkers /);
    expect(run.stdout).toMatch(/● cycle 1: \d+ raw object\(s\) in, \d+ table\(s\) committed \([\d,]+ rows in\), \d+\.\d s/);
    expect(run.stdout).toMatch(/cycle \d+: [1-9]\d* raw object\(s\) in, (1[0-9]|[1-9]) table\(s\) committed/);
    expect(run.stdout).toMatch(/● upkeep: \d+ file\(s\) compacted into \d+, \d+ snapshot\(s\) expired, \d+ orphan file\(s\) deleted, \d+\.\d s/);
    expect(run.stdout).toContain('platform stopped');
    const memory = readFileSync(join(cwd, 'memory.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { after: string; rssMib: number; heapUsedMib: number; duckdbMib: number; duckdb: Record<string, number> });
    expect(memory.map((m) => m.after)).toEqual(expect.arrayContaining(['cycle 1', 'upkeep']));
    expect(memory.every((m) => m.rssMib > m.heapUsedMib && m.heapUsedMib > 0 && m.duckdbMib >= 0)).toBe(true);
    // Its long-lived DuckDB does not keep the files it read.
    expect(memory.filter((m) => m.duckdb['EXTERNAL_FILE_CACHE'] !== undefined)).toEqual([]);
    const drinkers = JSON.parse((await cli('query', 'SELECT count(*) AS n FROM gold.top_drinkers', '--as', 'analyst', '--format', 'json')).stdout) as { n: number }[];
    expect(drinkers[0]?.n).toBeGreaterThan(0);
  }, 240_000);
});
