// `datamaster --target aws:<stage>` against the CDK app deployed into moto's CloudFormation on loopback: the CLI
// finds the deployment by its stacks' outputs and drives it through the AWS SDK, as it would a real account. What
// moto cannot run (EventBridge and the ingestion state machine invoking the deployed Lambda bundles, Athena's
// answers, the processing stack) the emulated platform plays; see @datamaster/cloud-deployment.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { deployEmulatedPlatform, type EmulatedPlatform } from '@datamaster/cloud-deployment';
import { startMotoServer, type MotoServer } from '@datamaster/embedded-services';
import { STACK_OUTPUTS, icebergTables, processingInput } from '@datamaster/lake-contract';
import { lakeTablesFromEnvironment } from '@datamaster/processing/aws';
import { lakeManifest } from '@datamaster/lake-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuilt, startBuilt } from './testing/run-cli.js';

const ASSEMBLY = fileURLToPath(new URL('../../../dist/infra/cdk.out', import.meta.url));
let moto: MotoServer;
let platform: EmulatedPlatform;
let cwd: string;
const awsEnv = () => ({ AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: moto.region, AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey, DATAMASTER_TARGET: 'aws:dev' });
const cli = (...args: string[]) => runBuilt(args, { cwd, env: awsEnv() });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-aws-target-'));
  moto = await startMotoServer();
  platform = await deployEmulatedPlatform({ assembly: ASSEMBLY, aws: { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials } });
}, 180_000);
afterAll(async () => {
  await moto?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describe('datamaster --target aws:<stage>', () => {
  it('ingests an extract into the deployed raw bucket and follows its ledger record until the deployed workers are done', async () => {
    writeFileSync(join(cwd, 'brewery.csv.gz'), gzipSync('brewery_id,brewery_name\n1,"Hop, Skip & Jump"\n2,Second Brewery\n'));
    const ingest = startBuilt(['ingest', 'brewery.csv.gz', '--table', 'brewery'], { cwd, env: awsEnv() });
    await ingest.waitFor(/waiting for its ledger record/, 60_000);
    const [ingested] = await platform.ingestNewRawObjects();
    const run = await ingest.finished;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rawBucket = platform.output('Storage', STACK_OUTPUTS.storage.rawBucket);
    expect(ingested?.key).toMatch(/^raw\/brewery\/batch-[0-9a-f]+-brewery\.csv\.gz$/);
    expect(run.stdout).toContain(`landed: s3://${rawBucket}/${ingested?.key}; waiting for its ledger record ${ingested?.recordId}`);
    expect(run.stdout).toMatch(/succeeded \(attempt 1\/3, lambda\)/);
    expect(run.stdout, run.stdout).toMatch(/rows in 2, out 2, quarantined 0/);

    const status = await cli('status', '--json');
    expect(status.code).toBe(0);
    const shown = JSON.parse(status.stdout) as { counts: Record<string, number>; records: { objectKey: string; status: string }[] };
    expect(shown.counts['succeeded']).toBe(1);
    expect(shown.records).toEqual([expect.objectContaining({ objectKey: ingested?.key, status: 'succeeded' })]);
  }, 120_000);

  it("lists the silver and gold tables of the deployment's Glue Data Catalog with the ledger's work", async () => {
    // What the catalog stack's lake-tables custom resource does on deploy (moto cannot complete it).
    const { lake, close } = lakeTablesFromEnvironment({ LAKE_URI: `s3://${platform.output('Storage', STACK_OUTPUTS.storage.lakeBucket)}`, GLUE_ENDPOINT: moto.endpoint });
    await lake.ensure();
    await close();
    const run = await cli('tables', '--json');
    expect(run.stderr).toBe('');
    const statuses = JSON.parse(run.stdout) as { ref: string; snapshot?: unknown; freshness: string; lastRun?: { status: string } }[];
    expect(statuses.map((s) => s.ref).sort()).toEqual(lakeManifest().tables.filter((t) => t.layer !== 'source').map((t) => t.ref).sort());
    const iceberg = new Set<string>(icebergTables(lakeManifest()).map((t) => t.ref));
    expect(statuses.filter((s) => iceberg.has(s.ref)).every((s) => s.snapshot === undefined && s.freshness === 'never-loaded')).toBe(true);
    expect(statuses.find((s) => s.ref === 'bronze.brewery')?.lastRun?.status).toBe('succeeded');
  });

  it('starts the deployed processing state machine with the input the local runner gives it', async () => {
    const run = await cli('process', 'silver', '--tables', 'beer', '--no-wait', '--json');
    expect(run.stderr).toBe('');
    const { executionArn } = JSON.parse(run.stdout) as { executionArn: string };
    const execution = await platform.execution(executionArn);
    expect(execution.stateMachineArn).toMatch(/^arn:aws:states:.*:stateMachine:/);
    expect(execution.input).toEqual(processingInput(lakeManifest().tables.filter((t) => t.ref === 'silver.beer')));
  });

  it("runs a query on Athena in the deployment's workgroup, over the layers' Glue databases, after the same grant check", async () => {
    await platform.answerNextQuery([{ name: 'n', type: 'bigint' }], [['42']]);
    const run = await cli('query', 'SELECT count(*) AS n FROM gold.top_drinkers -- gold.top_drinkers', '--as', 'analyst', '--format', 'json');
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([{ n: 42 }]);
    expect(await platform.queriesSent()).toEqual([{ query: 'SELECT count(*) AS n FROM "dm_gold"."top_drinkers" -- gold.top_drinkers', workgroup: platform.output('Analytics', STACK_OUTPUTS.analytics.athenaWorkgroup) }]);

    const refused = await cli('query', 'SELECT email FROM silver.profile', '--as', 'analyst');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/analyst.*email|email.*analyst/);
    expect(await platform.queriesSent()).toHaveLength(1);
  });

  it('says what is missing: a stage not deployed, a command that runs locally only, a target it does not know', async () => {
    const missing = await cli('status', '--target', 'aws:qa');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`Stack datamaster-qa-storage is not deployed in ${moto.region}`);
    const up = await cli('up');
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('`datamaster up` runs on the local platform only; with --target aws:dev run ingest, status, tables, process, query');
    const bad = await cli('status', '--target', 'gcp');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"gcp" is not a target');
  });
});
