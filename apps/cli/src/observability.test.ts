// What the jobs report as they run on the embedded defaults: EMF metric lines, which `datamaster metrics` sums per
// table, and OpenLineage run events, checked with openlineage-python's own event classes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { JOB_METRICS, LINEAGE_PRODUCER, METRICS_NAMESPACE, type EmbeddedMetricLine } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { SPARK_VENV_PYTHON } from '@datamaster/embedded-services';
import { seedRowCounts } from '@datamaster/seed-data';
import { stopLedgerServer } from '@datamaster/local-platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

const SCALE = 0.001;
const rows = seedRowCounts(SCALE);
let cwd: string;
beforeAll(() => void (cwd = mkdtempSync(join(tmpdir(), 'datamaster-metrics-'))));
afterAll(async () => {
  await stopLedgerServer(join(cwd, 'home'));
  rmSync(cwd, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCapturing(['--home', 'home', ...args], { cwd });
interface Window {
  window: string;
  tables: { table: string; jobs: number; succeeded: number; failed: number; dead: number; rowsIn: number; rowsOut: number; rowsQuarantined: number; engines: string[] }[];
}

describe('datamaster metrics', () => {
  it('says where metrics come from before anything ran', async () => {
    expect((await cli('metrics')).stderr).toContain('No lake home at');
    expect((await cli('init')).code).toBe(0);
    const empty = await cli('metrics');
    expect(empty.stderr).toBe('');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toMatch(/No metrics in .*metrics for the last day: they are written as ingest, process and up run\./);
  });

  it('sums what the bronze workers and the processing jobs emitted, per table, failures included', async () => {
    expect((await cli('seed', '--out', 'seed', '--scale', String(SCALE))).code).toBe(0);
    for (const table of ['brewery', 'beer']) expect((await cli('ingest', `seed/${table}.csv.gz`, '--table', table)).code).toBe(0);
    writeFileSync(join(cwd, 'bad.csv.gz'), gzipSync('not,the,beer,header\n1,2,3,4\n'));
    expect((await cli('ingest', 'bad.csv.gz', '--table', 'beer')).code).toBe(1);
    expect((await cli('process', 'silver', '--tables', 'beer')).code).toBe(0);

    const [hour, day] = JSON.parse((await cli('metrics', '--json')).stdout) as Window[];
    expect(hour?.window).toBe('last hour');
    expect(day?.tables).toEqual(hour?.tables);
    const byTable = new Map(hour?.tables.map((t) => [t.table, t]));
    expect(byTable.get('bronze.brewery')).toMatchObject({ jobs: 1, succeeded: 1, failed: 0, rowsIn: rows.brewery, rowsOut: rows.brewery, rowsQuarantined: 0, engines: ['lambda'] });
    expect(byTable.get('bronze.beer')).toMatchObject({ jobs: 2, succeeded: 1, failed: 1, dead: 0, rowsIn: rows.beer, rowsOut: rows.beer });
    expect(byTable.get('silver.beer')).toMatchObject({ jobs: 1, succeeded: 1, rowsOut: rows.beer, engines: ['embedded'], freshnessLagSeconds: expect.any(Number) });

    const text = (await cli('metrics')).stdout;
    expect(text).toMatch(/last hour \(since .*\)\n\s*table\s+jobs\s+failed\s+dead\s+retries\s+rows in\s+rows out/);
    expect(text).toMatch(new RegExp(`bronze\\.beer\\s+2\\s+1\\s+0\\s+0\\s+${rows.beer.toLocaleString('en-US')}`));
    expect((await cli('metrics', '--since', '90m')).stdout).toMatch(/^last 90m \(since .*\)\n\s*table\s+jobs/);
  });

  it('keeps them as CloudWatch EMF lines: the namespace, dimensions and metric names the dashboards chart', () => {
    const dir = join(cwd, 'home', 'metrics');
    const lines = readdirSync(dir).flatMap((name) => readFileSync(join(dir, name), 'utf8').trim().split('\n').map((text) => JSON.parse(text) as EmbeddedMetricLine));
    const known = new Set<string>(Object.values(JOB_METRICS).map((m) => m.name));
    for (const line of lines) {
      expect(line._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: METRICS_NAMESPACE, Dimensions: [['Table', 'Layer', 'Engine']] });
      for (const name of line._aws.CloudWatchMetrics.flatMap((directive) => directive.Metrics.map((metric) => metric.Name))) expect(known.has(name) && typeof line[name] === 'number').toBe(true);
    }
    expect(lines.some((line) => line['executionId'] !== undefined && line['recordId'] !== undefined)).toBe(true);
  });
});

interface RunEventJson {
  eventType: string;
  producer: string;
  run: { runId: string; facets: { errorMessage?: { message: string } } };
  job: { namespace: string; name: string };
  inputs: { namespace: string; name: string; inputFacets?: { inputStatistics?: { rowCount: number } } }[];
  outputs: { namespace: string; name: string; facets: { schema?: { fields: { name: string; type: string }[] } }; outputFacets?: { outputStatistics?: { rowCount: number; size?: number } } }[];
}

describe('OpenLineage run events', () => {
  const dir = () => join(cwd, 'home', 'lineage');
  const events = () => readdirSync(dir()).flatMap((name) => readFileSync(join(dir(), name), 'utf8').trim().split('\n').map((text) => JSON.parse(text) as RunEventJson));

  it('pair every START with a COMPLETE or a FAIL of the same run, for bronze and silver jobs', () => {
    const byRun = new Map<string, RunEventJson[]>();
    for (const event of events()) byRun.set(event.run.runId, [...(byRun.get(event.run.runId) ?? []), event]);
    const outcomes = [...byRun.values()].map((run) => `${run[0]?.job.name}: ${run.map((e) => e.eventType).join(' → ')}`).sort();
    expect(outcomes).toEqual(['bronze.beer: START → COMPLETE', 'bronze.beer: START → FAIL', 'bronze.brewery: START → COMPLETE', 'silver.beer: START → COMPLETE']);
    expect(events().every((e) => e.producer === LINEAGE_PRODUCER && e.job.namespace === 'datamaster/local')).toBe(true);
  });

  it('name the datasets with the manifest schema and the rows read and written', () => {
    const completed = events().filter((e) => e.eventType === 'COMPLETE');
    const silver = completed.find((e) => e.job.name === 'silver.beer');
    expect(silver?.inputs.map((d) => d.name)).toEqual(['bronze.beer']);
    expect(silver?.inputs[0]?.inputFacets?.inputStatistics?.rowCount).toBe(rows.beer);
    expect(silver?.outputs[0]?.outputFacets?.outputStatistics?.rowCount).toBe(rows.beer);
    const manifestColumns = lakeManifest().tables.find((t) => t.ref === 'silver.beer')?.columns.map((c) => c.name);
    expect(silver?.outputs[0]?.facets.schema?.fields.map((f) => f.name)).toEqual(manifestColumns);
    expect(silver?.outputs[0]?.namespace).toMatch(/^file:\/\/\/.*\/home\/lake$/);
    const bronze = completed.find((e) => e.job.name === 'bronze.brewery');
    expect(bronze?.inputs[0]?.name).toMatch(/^raw\/brewery\//);
    expect(bronze?.outputs[0]?.outputFacets?.outputStatistics?.rowCount).toBe(rows.brewery);
    const failed = events().find((e) => e.eventType === 'FAIL');
    expect(failed?.run.facets.errorMessage?.message).toContain('does not match bronze.beer');
  });

  it('are valid OpenLineage events by openlineage-python', () => {
    const checker = new URL('../../../libs/lake-contract/tools/openlineage_check.py', import.meta.url).pathname;
    const files = readdirSync(dir()).map((name) => join(dir(), name));
    const run = spawnSync(SPARK_VENV_PYTHON, [checker, ...files], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ events: events().length, errors: [] });
  });
});
