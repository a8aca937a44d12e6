// `datamaster dashboards push` against the Grafana stand-in (the part of Grafana's HTTP API provisioning uses; no
// Grafana server runs here): data sources, folder and dashboards created, then updated in place on a second push.
import { readFileSync } from 'node:fs';
import { startGrafanaStandIn, type GrafanaStandIn } from '@datamaster/embedded-services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCapturing } from './testing/run-cli.js';

const TOKEN = 'glsa_test_token';
let grafana: GrafanaStandIn;
beforeAll(async () => void (grafana = await startGrafanaStandIn({ token: TOKEN })));
afterAll(async () => grafana?.close());

const committed = (file: string) => JSON.parse(readFileSync(new URL(`../../../grafana/dashboards/${file}`, import.meta.url), 'utf8')) as { uid: string; panels: unknown[] };
const push = (...args: string[]) => runCapturing(['dashboards', 'push', '--url', grafana.url, ...args], { cwd: process.cwd(), env: { ...process.env, GRAFANA_TOKEN: TOKEN, AWS_REGION: 'eu-west-1', NO_COLOR: '1' } });

describe('datamaster dashboards push', () => {
  it('creates the data sources, the folder and the committed dashboards, set to the stage', async () => {
    const run = await push('--stage', 'prod', '--athena-role-arn', 'arn:aws:iam::123456789012:role/datamaster-prod-demo');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/data source\s+datamaster-athena\s+created/);
    expect(run.stdout).toMatch(/dashboard\s+datamaster-operations\s+created \(version 1\)/);
    expect(grafana.dataSources.get('datamaster-athena')).toMatchObject({
      type: 'grafana-athena-datasource',
      jsonData: { defaultRegion: 'eu-west-1', workgroup: 'datamaster-prod-analytics', database: 'dm_gold', catalog: 'AwsDataCatalog', assumeRoleArn: 'arn:aws:iam::123456789012:role/datamaster-prod-demo' },
    });
    expect(grafana.dataSources.get('datamaster-cloudwatch')).toMatchObject({ type: 'cloudwatch', jsonData: { defaultRegion: 'eu-west-1' } });
    expect([...grafana.folders.keys()]).toEqual(['datamaster']);
    for (const file of ['analytics.json', 'operations.json', 'cost.json']) {
      const pushed = grafana.dashboards.get(committed(file).uid);
      expect(pushed?.folderUid).toBe('datamaster');
      expect(pushed?.dashboard['panels']).toEqual(committed(file).panels);
    }
    const variables = (grafana.dashboards.get('datamaster-cost')?.dashboard['templating'] as { list: { name: string; query: string }[] }).list;
    expect(Object.fromEntries(variables.map((v) => [v.name, v.query]))).toEqual({ stage: 'prod', costs_database: 'datamaster_prod_costs' });
  });

  it('updates everything in place when run again: no duplicates, new dashboard versions', async () => {
    const run = await push('--stage', 'prod', '--json');
    expect(run.code).toBe(0);
    const { outcomes } = JSON.parse(run.stdout) as { outcomes: { kind: string; action: string; version?: number }[] };
    expect(outcomes.every((o) => o.action === 'updated')).toBe(true);
    expect(outcomes.filter((o) => o.kind === 'dashboard').map((o) => o.version)).toEqual([2, 2, 2]);
    expect(grafana.dataSources.size).toBe(2);
    expect(grafana.dashboards.size).toBe(3);
  });

  it('names the fix for a refused token, a missing token and an unreachable Grafana', async () => {
    const refused = await push('--token', 'wrong');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Grafana at ${grafana.url} refused the token (401 Unauthorized) for GET /api/datasources/uid/datamaster-athena: use a service account token`);
    const missing = await runCapturing(['dashboards', 'push', '--url', grafana.url], { cwd: process.cwd(), env: { PATH: process.env['PATH'] ?? '', AWS_REGION: 'eu-west-1' } });
    expect(missing.stderr).toContain('No Grafana token: pass --token or set GRAFANA_TOKEN');
    const closed = await startGrafanaStandIn({ token: TOKEN });
    await closed.close();
    const unreachable = await push('--url', closed.url);
    expect(unreachable.stderr).toContain(`Cannot reach Grafana at ${closed.url} (ECONNREFUSED): check --url.`);
  });
});
