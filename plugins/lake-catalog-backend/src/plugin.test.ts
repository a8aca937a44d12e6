// The backend plugin in a test backend, reading a real lake: a lake home where the CLI ran a real ingestion
// (with one broken extract) and a real processing run, its ledger on the embedded DynamoDB-API server and its
// executions on the local Step Functions API — the same clients the plugin uses against AWS.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { openLakeHome } from '@datamaster/lake-home';
import { openLocalPlatform, startLocalStepFunctionsApi, type LocalPlatform, type LocalStepFunctionsApi } from '@datamaster/local-platform';
import type { LakeTableDetails, LakeTableLiveStatus, LakeTableSummary } from '@datamaster/plugin-lake-catalog-common';
import request from 'supertest';
import lakeCatalogPlugin from './index';

const REPO = resolve(__dirname, '..', '..', '..');
const CLI = join(REPO, 'apps', 'cli', 'dist', 'datamaster.js');

let dir: string;
let platform: LocalPlatform;
let stepFunctions: LocalStepFunctionsApi;
let processingExecution: string;

function datamaster(...args: string[]): string {
  return execFileSync(process.execPath, [CLI, '--home', join(dir, 'home'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
}

function lakeConfig() {
  return {
    lakeCatalog: {
      manifest: { path: join(REPO, 'libs', 'lake-manifest') },
      ledger: { tableName: platform.home.config.ledger.tableName, endpoint: platform.ledgerEndpoint.endpoint },
      stepFunctions: { endpoint: stepFunctions.endpoint },
      iceberg: { sqlite: { path: platform.home.catalogPath, warehouse: pathToFileURL(platform.home.warehouseDir).href } },
      lineage: { directory: platform.home.lineageDir },
    },
  };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the CLI first (npx nx run cli:build; npm test does it)`);
  dir = mkdtempSync(join(tmpdir(), 'lake-catalog-backend-'));
  datamaster('seed', '--out', join(dir, 'seed'), '--scale', '0.001');
  for (const table of ['brewery', 'beer', 'profile', 'review']) datamaster('ingest', join(dir, 'seed', `${table}.csv.gz`), '--table', table);
  writeFileSync(join(dir, 'broken.csv.gz'), gzipSync('not,the,beer,header\n1,2,3,4\n'));
  try {
    datamaster('ingest', join(dir, 'broken.csv.gz'), '--table', 'beer');
  } catch {
    // The broken extract fails its run (exit 1); the ledger keeps it with its error.
  }
  processingExecution = (JSON.parse(datamaster('process', 'all', '--json')) as { executionId: string }).executionId;
  platform = await openLocalPlatform(openLakeHome(join(dir, 'home')));
  stepFunctions = await startLocalStepFunctionsApi({ journal: platform.journal });
}, 300_000);

afterAll(async () => {
  await stepFunctions?.close();
  await platform?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('lake-catalog backend on a real lake', () => {
  async function backend(...extra: Parameters<typeof startTestBackend>[0]['features'] & object) {
    return startTestBackend({ features: [lakeCatalogPlugin, mockServices.rootConfig.factory({ data: lakeConfig() }), ...extra] });
  }

  it('lists every lake table with the status `datamaster tables` computes', async () => {
    const test = await backend();
    try {
      const { body } = await request(test.server).get('/api/lake-catalog/tables').expect(200);
      const tables = (body as { lake: string; tables: LakeTableSummary[] }).tables;
      expect((body as { lake: string }).lake).toBe('datamaster');
      expect(tables).toHaveLength(14);
      const expected = JSON.parse(datamaster('tables', '--json')) as LakeTableSummary['status'][];
      expect(tables.map((t) => t.status)).toEqual(expected);
      expect(tables.find((t) => t.ref === 'silver.review')?.status).toMatchObject({ rows: 1500, freshness: 'fresh' });
    } finally {
      await test.stop();
    }
  });

  it("serves a table's runs with their Step Functions executions, its snapshots and its ledger counts", async () => {
    const test = await backend();
    try {
      const { body } = await request(test.server).get('/api/lake-catalog/tables/silver.review/status').expect(200);
      const status = body as LakeTableLiveStatus;
      expect(status.ledger.succeeded).toBe(1);
      expect(status.runs[0]).toMatchObject({ status: 'succeeded', rowsIn: 1500, rowsOut: 1500, executionArn: processingExecution });
      expect(status.runs[0]?.execution).toMatchObject({ executionArn: processingExecution, status: 'SUCCEEDED', stateMachineArn: expect.stringMatching(/:stateMachine:datamaster-processing$/) });
      expect(status.snapshots[0]).toMatchObject({ id: status.status.snapshot?.id, totalRecords: 1500 });
      expect(status.stateMachine).toMatchObject({ name: 'datamaster-processing' });
      expect(status.stateMachine?.executions.map((e) => e.executionArn)).toContain(processingExecution);

      const beer = (await request(test.server).get('/api/lake-catalog/tables/bronze.beer/status').expect(200)).body as LakeTableLiveStatus;
      const broken = beer.runs.find((run) => run.status !== 'succeeded');
      expect(broken?.error).toMatch(/header/i);
      expect(broken?.execution).toMatchObject({ executionArn: broken?.executionArn, stateMachineArn: expect.stringMatching(/:stateMachine:datamaster-ingestion$/) });
      expect(beer.stateMachine?.name).toBe('datamaster-ingestion');
      expect(beer.stateMachine?.executions.map((e) => e.executionArn)).toContain(broken?.executionArn);
    } finally {
      await test.stop();
    }
  });

  it("serves what the manifest says about a table: schema with field ids, lineage, grants, sample queries", async () => {
    const test = await backend();
    try {
      const profile = (await request(test.server).get('/api/lake-catalog/tables/silver.profile').expect(200)).body as LakeTableDetails;
      expect(profile.columns.find((c) => c.name === 'email')).toMatchObject({ id: 3, classification: 'pii', masking: 'hmac-sha256' });
      expect(profile.lineage).toMatchObject({ upstream: ['bronze.profile'], downstream: ['silver.review_flat'], allUpstream: ['bronze.profile', 'source.profile'] });
      // What the runs' OpenLineage events observed, beside it: the same neighbours, and the last run's rows.
      expect(profile.lineage.observed).toMatchObject({ upstream: ['bronze.profile'], downstream: ['silver.review_flat'], runs: 1, lastRun: { eventType: 'COMPLETE', rowsOut: 33 } });
      expect(profile.grants.rows.find((r) => r.principal === 'analyst')).toMatchObject({ permissions: ['SELECT', 'DESCRIBE'], excludedColumns: ['profile_name', 'email'] });
      expect(profile.grants.rows.find((r) => r.principal === 'demo')).toMatchObject({ permissions: [], columns: [] });
      expect(profile.grants.drift).toBeUndefined();
      expect(profile.sampleQueries.map((q) => q.sql)).toContain("datamaster query 'select profile_id, state, created_at, updated_at, deleted_at from silver.profile limit 20' --as analyst");
      const unknown = await request(test.server).get('/api/lake-catalog/tables/silver.nope').expect(404);
      expect((unknown.body as { error: { message: string } }).error.message).toBe('No lake table silver.nope in the lake manifest');
    } finally {
      await test.stop();
    }
  });

  it('refuses a table the permission policy denies, and leaves it out of the overview', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async (requests) => requests.map((r) => ({ result: 'resourceRef' in r && r.resourceRef === 'silver.profile' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW })),
    });
    const test = await backend(permissions.factory);
    try {
      const denied = await request(test.server).get('/api/lake-catalog/tables/silver.profile/status').expect(403);
      expect((denied.body as { error: { message: string } }).error.message).toBe('Not allowed to read lake table silver.profile (permission lake.table.read)');
      await request(test.server).get('/api/lake-catalog/tables/silver.profile').expect(403);
      const { body } = await request(test.server).get('/api/lake-catalog/tables').expect(200);
      expect((body as { tables: LakeTableSummary[] }).tables.map((t) => t.ref)).not.toContain('silver.profile');
      expect((body as { tables: LakeTableSummary[] }).tables).toHaveLength(13);
    } finally {
      await test.stop();
    }
  });
});
