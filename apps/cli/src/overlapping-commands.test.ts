// Commands overlapping on one lake home, each a process of the built CLI, as a script running them in parallel
// would start them: they share one ledger server that outlives whichever started it, and take turns where needed.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_TABLES } from '@datamaster/seed-data';
import type { LedgerRecord } from '@datamaster/lake-contract';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { independentGold } from './demo/independent-gold.js';
import { runBuilt, runCapturing } from './testing/run-cli.js';

const SCALE = 0.01;
let cwd: string;
const cli = (...args: string[]) => runBuilt(['--home', 'home', ...args], { cwd });
/** For the checks after the overlapping commands: in this process, which saves starting one. */
const inProcess = (...args: string[]) => runCapturing(['--home', 'home', ...args], { cwd });
beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-overlap-'));
  expect((await runCapturing(['seed', '--out', 'seed', '--scale', String(SCALE)], { cwd })).code).toBe(0);
});
afterAll(async () => {
  await stopLedgerServer(join(cwd, 'home'));
  rmSync(cwd, { recursive: true, force: true });
});

describe('commands overlapping on one lake home', () => {
  it('ingests four extracts, one of them twice, all at once into a home none of them found created', async () => {
    const runs = await Promise.all([...SEED_TABLES, 'review'].map((table) => cli('ingest', `seed/${table}.csv.gz`, '--table', table, '--json')));
    for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const records = runs.map((run) => JSON.parse(run.stdout) as LedgerRecord);
    expect(records.map((r) => [r.table, r.status, r.attempts])).toEqual([...SEED_TABLES, 'review'].map((table) => [table, 'succeeded', 1]));
    // The same file twice: one record, one execution, the same outcome for both commands.
    expect(records[4]).toEqual(records[SEED_TABLES.indexOf('review')]);
    expect(readdirSync(join(cwd, 'home', 'keys'))).toEqual(['masking.key']);
    const status = await inProcess('status', '--json');
    expect(JSON.parse(status.stdout).counts).toMatchObject({ succeeded: 4, pending: 0, running: 0, failed: 0 });
  });

  it('runs two overlapping `process all` in turn, each table once, and gold equals an independent computation', async () => {
    const runs = await Promise.all([cli('process', 'all', '--json'), cli('process', 'all', '--json')]);
    for (const run of runs) expect(run.code).toBe(0);
    // The one that waited said so; the other printed nothing on stderr.
    expect(runs.map((run) => run.stderr.replace(/process \d+/, 'process N').trim()).sort()).toEqual(['', `waiting for process N, which is processing or maintaining the lake home ${join(cwd, 'home')}…`]);
    const committed = runs.flatMap((run) => (JSON.parse(run.stdout) as { results: { ref: string; status: string }[] }).results.filter((r) => r.status === 'committed').map((r) => r.ref));
    expect(committed.sort()).toEqual([...new Set(committed)].sort());
    expect(committed).toHaveLength(10);

    const expected = await independentGold(join(cwd, 'seed'), join(cwd, 'home', 'lake', 'raw'));
    const query = async <T>(sql: string): Promise<T[]> => JSON.parse((await inProcess('query', sql, '--as', 'analyst', '--format', 'json')).stdout) as T[];
    const topBeers = await query<{ beer_id: number; review_year: number; review_month: number; total_reviews: number; avg_rating: number }>(
      'SELECT beer_id, review_year, review_month, total_reviews, avg_rating FROM gold.top_beers_by_rating',
    );
    expect(new Map(topBeers.map((r) => [`${r.beer_id}|${r.review_year}|${r.review_month}`, [r.total_reviews, Number(r.avg_rating.toFixed(9))]]))).toEqual(
      new Map([...expected.topBeers].map(([k, [n, avg]]) => [k, [n, Number(avg.toFixed(9))]])),
    );
    const states = await query<{ state: string; review_year: number; review_month: number; total_reviews: number }>('SELECT state, review_year, review_month, total_reviews FROM gold.state_by_review_volume');
    expect(states.length).toBeGreaterThan(0);
    expect(new Map(states.map((r) => [`${r.state}|${r.review_year}|${r.review_month}`, r.total_reviews]))).toEqual(expected.stateVolume);
  });
});
