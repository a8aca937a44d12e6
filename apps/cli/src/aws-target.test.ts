// `datamaster --target aws:<stage>` against the CDK app deployed into moto's CloudFormation on loopback: the CLI
// finds the deployment by its stacks' outputs and drives it through the AWS SDK, as it would a real account. What
// moto cannot run (EventBridge and the ingestion state machine invoking the deployed Lambda bundles, Athena's
// answers, the processing stack) the emulated platform plays; see @datamaster/cloud-deployment.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { deployEmulatedPlatform, type EmulatedPlatform } from '@datamaster/cloud-deployment';
import { startMotoServer, startStepFunctionsStandIn, type MotoServer, type StepFunctionsStandIn } from '@datamaster/embedded-services';
import { STACK_OUTPUTS, icebergTables, processingInput, type ManifestPlan } from '@datamaster/lake-contract';
import { processingTables } from '@datamaster/processing';
import { lakeTablesFromEnvironment } from '@datamaster/processing/aws';
import { lakeManifest } from '@datamaster/lake-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBundledManifest } from './testing/manifest-copy.js';
import { runBuilt, startBuilt } from './testing/run-cli.js';

const ASSEMBLY = fileURLToPath(new URL('../../../dist/infra/cdk.out', import.meta.url));
const ADDED = fileURLToPath(new URL('./testing/added-column', import.meta.url));
const TOP_BEERS = join('transforms', 'gold', 'top_beers_by_rating.sql');
let moto: MotoServer;
let platform: EmulatedPlatform;
/** Where `apply` starts the processing executions that moto would keep running forever; the test ends them. */
let stepFunctions: StepFunctionsStandIn;
let cwd: string;
const awsEnv = () => ({ AWS_ENDPOINT_URL: moto.endpoint, AWS_REGION: moto.region, AWS_ACCESS_KEY_ID: moto.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: moto.credentials.secretAccessKey, DATAMASTER_TARGET: 'aws:dev' });
const cli = (...args: string[]) => runBuilt(args, { cwd, env: awsEnv() });

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'datamaster-aws-target-'));
  moto = await startMotoServer();
  platform = await deployEmulatedPlatform({ assembly: ASSEMBLY, aws: { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials } });
  stepFunctions = await startStepFunctionsStandIn();
}, 180_000);
afterAll(async () => {
  await stepFunctions?.close();
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

  it("applies a changed manifest to the deployment: Glue tables evolved, the backfill in its ledger recomputed by one processing execution, then recorded", async () => {
    // v2: top_beers_by_rating with a threshold of 2 reviews instead of 25 (a backfill), and beer_ibu added to beer.
    const v2 = join(cwd, 'v2');
    copyBundledManifest(v2);
    writeFileSync(join(v2, TOP_BEERS), readFileSync(join(v2, TOP_BEERS), 'utf8').replace('HAVING count(*) >= 25', 'HAVING count(*) >= 2'));
    cpSync(join(ADDED, 'tables'), join(v2, 'tables'), { recursive: true });
    const planned = await cli('plan', '--manifest', v2, '--json');
    expect(planned.stderr).toBe('');
    const plan = JSON.parse(planned.stdout) as ManifestPlan;
    expect(plan.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ table: 'silver.beer', column: 'beer_ibu', kind: 'column-added', class: 'automatic' }),
        expect.objectContaining({ table: 'gold.top_beers_by_rating', kind: 'transform', class: 'backfill' }),
      ]),
    );

    const apply = startBuilt(['apply', '--manifest', v2, '--timeout', '120'], { cwd, env: { ...awsEnv(), AWS_ENDPOINT_URL_SFN: stepFunctions.url } });
    const execution = await stepFunctions.nextStarted(90_000);
    await apply.waitFor(/waiting for it to end/, 10_000);
    expect(execution.stateMachineArn).toMatch(/^arn:aws:states:.*:stateMachine:/);
    expect(execution.input).toEqual(processingInput(processingTables(lakeManifest().tables, { layers: 'all', tables: ['top_beers_by_rating'] })));
    // Before the execution runs: the column is in the Glue table's Iceberg schema, the backfill waits in the ledger.
    const { lake, close } = lakeTablesFromEnvironment({ LAKE_URI: `s3://${platform.output('Storage', STACK_OUTPUTS.storage.lakeBucket)}`, GLUE_ENDPOINT: moto.endpoint });
    try {
      const { metadata } = await lake.load(lake.table('silver.beer'));
      const schema = metadata.schemas.find((s) => s['schema-id'] === metadata['current-schema-id']);
      expect(schema?.fields.map((f) => f.name)).toContain('beer_ibu');
    } finally {
      await close();
    }
    const status = await cli('status', '--layer', 'gold', '--json');
    const ledger = JSON.parse(status.stdout) as { records: { table: string; source: string; status: string }[] };
    expect(ledger.records).toEqual([expect.objectContaining({ table: 'top_beers_by_rating', source: 'backfill', status: 'pending' })]);

    stepFunctions.end(execution.executionArn, 'SUCCEEDED');
    const applied = await apply.finished;
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('backfill gold.top_beers_by_rating: ');
    expect(applied.stdout).toContain('Applied: dev follows the manifest.');
    const after = await cli('plan', '--manifest', v2);
    expect(after.stdout).toContain('No changes against the deployment dev (its Glue Data Catalog).');
  }, 180_000);

  it('leaves a backfill listed when its execution fails, and says how to retry', async () => {
    const v3 = join(cwd, 'v3');
    cpSync(join(cwd, 'v2'), v3, { recursive: true });
    writeFileSync(join(v3, TOP_BEERS), readFileSync(join(v3, TOP_BEERS), 'utf8').replace('HAVING count(*) >= 2', 'HAVING count(*) >= 3'));
    const apply = startBuilt(['apply', '--manifest', v3, '--timeout', '120'], { cwd, env: { ...awsEnv(), AWS_ENDPOINT_URL_SFN: stepFunctions.url } });
    const execution = await stepFunctions.nextStarted(90_000);
    stepFunctions.end(execution.executionArn, 'FAILED', { error: 'States.TaskFailed', cause: 'EMR Serverless job run failed' });
    const failed = await apply.finished;
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`The backfills' execution ${execution.executionArn} ended FAILED: States.TaskFailed (EMR Serverless job run failed).`);
    expect(failed.stderr).toContain('the next `datamaster apply --target aws:dev` recomputes them');
    const plan = JSON.parse((await cli('plan', '--manifest', v3, '--json')).stdout) as ManifestPlan;
    expect(plan.backfills).toContain('gold.top_beers_by_rating');
  }, 180_000);

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
    expect(up.stderr).toContain('`datamaster up` runs on the local platform only; with --target aws:dev run ingest, status, tables, process, query, plan, apply');
    const bad = await cli('status', '--target', 'gcp');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"gcp" is not a target');
  });
});
