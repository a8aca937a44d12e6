// The three Lambda tasks as the processing state machine invokes them, configured from their environment only: the
// ledger on the embedded DynamoDB-API server, the Glue Data Catalog on moto's server, the lake in a local folder.
// The job between claim and settle is EMR's; here a commit carrying the work's summary stands in for it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger, type ControlLedger } from '@datamaster/control-ledger';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { appendFiles, commitWithRetry, GlueCatalog, LakeTables, localLocation, LocalFileIO } from '@datamaster/iceberg';
import { startMotoServer, type MotoServer } from '@datamaster/embedded-services';
import { COMMIT_SUMMARY, type ClaimOutcome } from '@datamaster/lake-contract';
import { activeManifestVersion } from '@datamaster/lake-manifest';
import { WorkNotCommittedError } from '@datamaster/processing';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const EXECUTION = 'arn:aws:states:eu-west-1:123456789012:execution:datamaster-test-processing:run-1';

let dynamo: EmbeddedServer;
let moto: MotoServer;
let ledger: ControlLedger;
let dir: string;
let store: ObjectStore;
let catalog: GlueCatalog;
let lake: LakeTables;
let environment: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'processing-tasks-'));
  [dynamo, moto] = await Promise.all([startEmbeddedDynamo(), startMotoServer()]);
  ledger = await openLedger({ ...dynamo, tableName: 'dm-ledger' });
  environment = { LAKE_URI: join(dir, 'lake'), LEDGER_TABLE: 'dm-ledger', LEDGER_ENDPOINT: dynamo.endpoint, GLUE_ENDPOINT: moto.endpoint };
  Object.assign(process.env, environment);
  store = openObjectStore(join(dir, 'lake'));
  const warehouse = localLocation(join(dir, 'lake'));
  catalog = new GlueCatalog({ glue: { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials }, warehouse, io: new LocalFileIO() });
  lake = new LakeTables(catalog, activeManifestVersion(), warehouse);
  await lake.ensure();
});
afterAll(async () => {
  catalog.close();
  ledger.close();
  await store.close();
  await Promise.all([dynamo.stop(), moto.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** Silver work for one bronze object, as a bronze worker registers it. */
async function bronzeObject(table: string, name: string) {
  const { record } = await ledger.register({ layer: 'silver', table, objectKey: `bronze/${table}/ingest_date=2024-01-01/${name}.parquet`, etag: createHash('md5').update(name).digest('hex'), objectSize: 100, format: 'parquet', source: 'bronze', estimatedRecords: 3 });
  return record;
}

/** What the EMR job does for the settle task to find: one snapshot whose summary names the work. */
async function jobCommits(claim: ClaimOutcome) {
  const table = lake.table(claim.ref);
  const summary = { [COMMIT_SUMMARY.workId]: claim.workId as string, [COMMIT_SUMMARY.rowsIn]: '3', [COMMIT_SUMMARY.engine]: 'spark', [COMMIT_SUMMARY.partitionsRewritten]: '0', [COMMIT_SUMMARY.downstreamPartitions]: '[]' };
  return commitWithRetry(catalog, lake.identifier(table), (current) => appendFiles(current, [], { summary }));
}

describe('the processing tasks', () => {
  it('claims the due work into a work file, then settles the commit the job made', async () => {
    const { claimWork, settleWork } = await import('./tasks.js');
    const record = await bronzeObject('brewery', 'b1');
    const claim = await claimWork({ layer: 'silver', table: 'brewery', executionId: EXECUTION });
    expect(claim).toMatchObject({ ref: 'silver.brewery', status: 'claimed', records: 1, workKey: expect.stringMatching(/^work\/silver\/brewery\//) });
    expect(JSON.parse((await store.getBytes(claim.workKey as string)).toString())).toMatchObject({ workId: claim.workId, recordIds: [record.recordId], executionId: EXECUTION });
    expect(await ledger.get(record.recordId)).toMatchObject({ status: 'running', executionId: EXECUTION });

    const committed = await jobCommits(claim);
    const result = await settleWork({ layer: 'silver', table: 'brewery', executionId: EXECUTION, claim });
    expect(result).toMatchObject({ ref: 'silver.brewery', status: 'committed', records: 1, rowsIn: 3, snapshotId: committed.metadata['current-snapshot-id'] });
    expect(await ledger.get(record.recordId)).toMatchObject({ status: 'succeeded', computeTarget: 'spark', rowsIn: 3 });
  });

  it('refuses to settle work no job committed, and fails the records with the job error', async () => {
    const { claimWork, failWork, settleWork } = await import('./tasks.js');
    const record = await bronzeObject('beer', 'b2');
    const claim = await claimWork({ layer: 'silver', table: 'beer', executionId: EXECUTION });
    await expect(settleWork({ layer: 'silver', table: 'beer', executionId: EXECUTION, claim })).rejects.toThrow(WorkNotCommittedError);
    const error = { Error: 'States.TaskFailed', Cause: JSON.stringify({ errorMessage: 'Job run failed: OutOfMemoryError' }) };
    expect(await failWork({ layer: 'silver', table: 'beer', executionId: EXECUTION, claim, error })).toEqual({ failed: 1, error: 'silver.beer: Job run failed: OutOfMemoryError' });
    expect(await ledger.get(record.recordId)).toMatchObject({ status: 'failed', attempts: 1, lastError: { message: 'silver.beer: Job run failed: OutOfMemoryError' } });
  });

  it('finds nothing to do for a table without due work', async () => {
    const { claimWork } = await import('./tasks.js');
    expect(await claimWork({ layer: 'gold', table: 'top_drinkers', executionId: EXECUTION })).toMatchObject({ ref: 'gold.top_drinkers', status: 'nothing-to-do', records: 0 });
  });

  it('runs as bundled, copied away from the repository, in a process of its own', async () => {
    const bundle = join(dir, 'bundle');
    cpSync(new URL('../dist', import.meta.url).pathname, bundle, { recursive: true });
    const record = await bronzeObject('profile', 'p1');
    const request = { layer: 'silver', table: 'profile', executionId: EXECUTION };
    const script = `const { claimWork } = await import('./tasks.mjs'); process.stdout.write(JSON.stringify(await claimWork(${JSON.stringify(request)})) + '\\n');`;
    // Asynchronous on purpose: the embedded ledger server answers the child from this process.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: bundle, env: { PATH: process.env['PATH'], ...environment } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (status) => resolve({ status, stdout, stderr }));
    });
    expect(run.status, run.stderr).toBe(0);
    // The claim's result last; before it, what the Lambda logs: the table's EMF freshness metric.
    const lines = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ ref: 'silver.profile', status: 'claimed', records: 1 });
    expect(lines).toContainEqual(expect.objectContaining({ Table: 'silver.profile', FreshnessLag: expect.any(Number) }));
    expect(await ledger.get(record.recordId)).toMatchObject({ status: 'running' });
  });
});
