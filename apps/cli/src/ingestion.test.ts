// The ingestion commands end to end on the embedded defaults, run in-process (the ECS task then
// runs in-process too; the built CLI runs it as a child process).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  await stopLedgerServer(join(cwd, 'stream-home'));
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

describe('stream failures from the CLI', () => {
  // A lake home of its own, so that status counts only these replays' errors.
  const streamCli = (...args: string[]) => runCapturing(['--home', 'stream-home', ...args], { cwd });
  const profileUpdate = JSON.stringify({
    data: { profile_id: 8812, profile_name: 'hoppy_hannah88' },
    metadata: { timestamp: '2026-11-26T03:00:04.421880Z', 'record-type': 'data', operation: 'update', 'partition-key-type': 'schema-table', 'schema-name': 'dm_core', 'table-name': 'profile' },
  });
  const unknownTable = profileUpdate.replace('"table-name":"profile"', '"table-name":"no_such_table"');

  it('says why replayed changes failed, with their line numbers and tables, in text and JSON', async () => {
    writeFileSync(join(cwd, 'capture.jsonl'), `${profileUpdate}\n${unknownTable}\n{"data": oops\n`);
    const text = await streamCli('stream', '--replay', 'capture.jsonl', '--no-ingest');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('changes in 3, routed 1, failed 2, raw objects written 2');
    expect(text.stdout).toContain('failed changes, kept with their reasons under errors/processing-failed/:');
    expect(text.stdout).toContain('  line 2, dm_core.no_such_table: table dm_core.no_such_table is not in the lake manifest (source tables: ');
    expect(text.stdout).toMatch(/ {2}line 3: malformed JSON: \S/);
    expect(text.stdout).not.toContain('more;');

    const json = await streamCli('stream', '--replay', 'capture.jsonl', '--no-ingest', '--json');
    const { delivery } = JSON.parse(json.stdout);
    expect(delivery).toMatchObject({ recordsIn: 3, routed: 1, failed: 2 });
    expect(delivery.failures).toEqual([
      {
        line: 2,
        table: 'dm_core.no_such_table',
        problem: expect.stringMatching(/^table dm_core\.no_such_table is not in the lake manifest/),
        reason: expect.stringMatching(/^capture\.jsonl line 2: table dm_core\.no_such_table is not in the lake manifest/),
        objectKey: expect.stringMatching(/^errors\/processing-failed\/\d{4}\/\d{2}\/\d{2}\/dm-delivery-.*\.ndjson\.gz$/),
      },
      { line: 3, problem: expect.stringMatching(/^malformed JSON/), reason: expect.stringMatching(/^capture\.jsonl line 3: malformed JSON/), objectKey: delivery.failures[0].objectKey },
    ]);
    expect(existsSync(join(cwd, 'stream-home', 'lake', delivery.failures[0].objectKey))).toBe(true);
  });

  it('lists the first 10 failures and counts the rest', async () => {
    const bad = Array.from({ length: 13 }, (_, i) => `not json ${i}`);
    writeFileSync(join(cwd, 'many.jsonl'), `${profileUpdate}\n${bad.join('\n')}\n`);
    const run = await streamCli('stream', '--replay', 'many.jsonl', '--no-ingest');
    expect(run.stdout).toContain('failed 13');
    const listed = run.stdout.split('\n').filter((line) => /^ {2}line \d+: malformed JSON/.test(line));
    expect(listed.map((line) => Number(/line (\d+)/.exec(line)?.[1]))).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(run.stdout).toContain('  … and 3 more; all are kept under errors/processing-failed/');
  });

  it('status lists the delivery errors: counts per table, the newest with their reasons, and where they are kept', async () => {
    const json = JSON.parse((await streamCli('status', '--json')).stdout);
    expect(json.deliveryErrors).toMatchObject({
      prefix: 'errors/',
      objects: 3,
      records: 17,
      outputs: [{ prefix: 'errors/processing-failed/', objects: 3, records: 17 }],
      tables: [{ records: 15 }, { table: 'dm_core.no_such_table', records: 2 }],
    });
    expect(json.deliveryErrors.newest.map((error: { reason: string }) => error.reason.replace(/: malformed JSON.*/, ''))).toEqual(
      [14, 13, 12, 11, 10].map((line) => `many.jsonl line ${line}`),
    );

    const text = (await streamCli('status')).stdout;
    expect(text).toContain('delivery errors: 17 record(s) in 3 object(s) under errors/processing-failed/ (by table: no table named 15, dm_core.no_such_table 2)');
    expect(text).toMatch(/ {2}many\.jsonl line 14: malformed JSON.*\n {4}in errors\/processing-failed\/.*\.ndjson\.gz \(\d{4}-/);
  });

  it('status names the reasons of a replay with an unknown table and a malformed line', async () => {
    const text = (await streamCli('status')).stdout;
    expect(text).not.toContain('capture.jsonl');
    const run = await streamCli('stream', '--replay', 'capture.jsonl', '--no-ingest');
    expect(run.code).toBe(0);
    const after = (await streamCli('status')).stdout;
    expect(after).toContain('capture.jsonl line 2: table dm_core.no_such_table is not in the lake manifest');
    expect(after).toContain('capture.jsonl line 3: malformed JSON');
  });
});
