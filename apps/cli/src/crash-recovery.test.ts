// A `process all` killed (SIGKILL) right after a job committed and before its ledger settle, then run
// again at once: the next run must neither wait for the dead run's lease nor merge the same input twice,
// and gold must still equal an independent computation. The built CLI runs as its own process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TableStatus } from '@datamaster/lake-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULT_ENV } from './commands/process.js';
import { independentGold } from './demo/independent-gold.js';

const bundle = fileURLToPath(new URL('../dist/datamaster.js', import.meta.url));
let cwd: string;

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [bundle, '--home', 'home', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 120_000 });
}

const statusOf = (ref: string): TableStatus => {
  const statuses = JSON.parse(cli(['tables', '--json']).stdout) as TableStatus[];
  return statuses.find((s) => s.ref === ref) as TableStatus;
};

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-crash-'));
  expect(cli(['init']).status).toBe(0);
  expect(cli(['seed', '--out', 'seed', '--scale', '0.003']).status).toBe(0);
  for (const table of ['brewery', 'beer', 'profile', 'review']) expect(cli(['ingest', join('seed', `${table}.csv.gz`), '--table', table]).status).toBe(0);
}, 120_000);
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('a processing run killed between commit and settle', () => {
  it('is recovered by the next run at once, from the commit, without merging twice', () => {
    const killed = cli(['process', 'all'], { [FAULT_ENV]: 'kill-after-commit:silver.review' });
    expect(killed.signal).toBe('SIGKILL');
    const committed = statusOf('silver.review');
    expect(committed.snapshot).toBeDefined();
    // The dead run's records still say running, under its lease: waiting work, not lost work.
    expect(committed.waiting).toBeGreaterThan(0);
    expect(committed.held.length).toBe(1);

    const rerun = cli(['process', 'all']);
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(rerun.stdout).toMatch(/silver\.review\s+nothing to do .*1 record\(s\) settled from an earlier run's commit/);
    expect(rerun.stdout).toMatch(/✔ gold\.top_drinkers /);
    const after = statusOf('silver.review');
    // No second MERGE: the table is still at the snapshot the killed run committed.
    expect(after.snapshot?.id).toBe(committed.snapshot?.id);
    expect(after).toMatchObject({ waiting: 0, held: [], lastRun: { status: 'succeeded' } });
  });

  it('leaves gold equal to an independent computation from the extracts', async () => {
    const expected = await independentGold(join(cwd, 'seed'), join(cwd, 'home', 'lake', 'raw'));
    const query = cli(['query', 'SELECT state, review_year, review_month, total_reviews FROM gold.state_by_review_volume', '--as', 'analyst', '--format', 'json']);
    const states = JSON.parse(query.stdout) as { state: string; review_year: number; review_month: number; total_reviews: number }[];
    expect(states.length).toBeGreaterThan(0);
    expect(new Map(states.map((r) => [`${r.state}|${r.review_year}|${r.review_month}`, r.total_reviews]))).toEqual(expected.stateVolume);
  });
});
