// The ingestion commands end to end on the embedded defaults, run in-process (the ECS task then
// runs in-process too; the built CLI runs it as a child process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedRowCounts } from '@datamaster/seed-data';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

const SCALE = 0.002;
const rows = seedRowCounts(SCALE);
let cwd: string;
beforeAll(() => void (cwd = mkdtempSync(join(tmpdir(), 'datamaster-ingest-'))));
afterAll(async () => {
  await stopLedgerServer(join(cwd, 'home'));
  rmSync(cwd, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCapturing(['--home', 'home', ...args], { cwd });

describe('ingestion from the CLI', () => {
  it('ingests a batch extract once, and prints its ledger outcome', async () => {
    expect((await cli('seed', '--out', 'seed', '--scale', String(SCALE))).code).toBe(0);
    const first = await cli('ingest', 'seed/review.csv.gz', '--table', 'review', '--json');
    expect(first.code).toBe(0);
    const record = JSON.parse(first.stdout);
    expect(record).toMatchObject({ status: 'succeeded', table: 'review', rowsIn: rows.review, rowsOut: rows.review, rowsQuarantined: 0, computeTarget: 'lambda', source: 'batch' });
    const again = await cli('ingest', 'seed/review.csv.gz', '--table', 'review', '--json');
    expect(JSON.parse(again.stdout)).toEqual(record);
    const text = await cli('ingest', 'seed/profile.csv.gz', '--table', 'profile');
    expect(text.stdout).toMatch(/raw\/profile\/batch-[0-9a-f]+-profile\.csv\.gz: succeeded \(attempt 1\/3, lambda\)/);
    expect(text.stdout).toContain(`rows in ${rows.profile}, out ${rows.profile}, quarantined 0`);
  });

  it('lands without waiting, and refuses an unknown table with the known ones', async () => {
    const landed = await cli('ingest', 'seed/beer.csv.gz', '--table', 'beer', '--no-wait', '--json');
    expect(JSON.parse(landed.stdout)).toMatchObject({ created: true, format: 'csv', record: { status: 'pending', table: 'beer' } });
    const unknown = await cli('ingest', 'seed/beer.csv.gz', '--table', 'beers');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('"beers" is not a source table of the lake manifest; known: beer, brewery, profile, review.');
  });

  it('shows the ledger, runs pending work, and re-drives a failed record by id', async () => {
    const status = JSON.parse((await cli('status', '--json')).stdout);
    expect(status.counts).toMatchObject({ succeeded: 2, pending: 1 });
    expect(status.records.map((r: { table: string }) => r.table).sort()).toEqual(['beer', 'profile', 'review']);
    const table = await cli('reprocess', '--table', 'beer', '--json');
    expect(table.code).toBe(0);
    expect(JSON.parse(table.stdout).outcomes).toEqual([expect.objectContaining({ table: 'beer', status: 'succeeded', rowsOut: rows.beer })]);

    const { gzipSync } = await import('node:zlib');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(cwd, 'bad.csv.gz'), gzipSync('review_id,beer\n1,2\n'));
    const bad = await cli('ingest', 'bad.csv.gz', '--table', 'review', '--json');
    expect(bad.code).toBe(1);
    const failed = JSON.parse(bad.stdout);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError.message).toContain('does not match bronze.review (missing brewery_id');
    const again = await cli('reprocess', failed.recordId, '--json');
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).outcomes).toEqual([expect.objectContaining({ recordId: failed.recordId, status: 'failed', attempts: 1 })]);
    expect((await cli('reprocess')).stderr).toContain('reprocess needs exactly one of: a record id, --dead, --table <table>');
  });

  it('streams simulated changes through the delivery stream into bronze', async () => {
    const run = await cli('stream', '--simulate', '--rps', '400', '--duration', '1s', '--scale', String(SCALE), '--json');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.delivery.recordsIn).toBeGreaterThan(100);
    expect(summary.delivery.failed).toBe(0);
    expect(summary.ingested.length).toBeGreaterThan(0);
    expect(summary.ingested.every((r: { status: string; source: string }) => r.status === 'succeeded' && r.source === 'cdc')).toBe(true);
    expect(summary.ingested.reduce((n: number, r: { rowsOut: number }) => n + r.rowsOut, 0)).toBe(summary.delivery.routed);
  });
});
