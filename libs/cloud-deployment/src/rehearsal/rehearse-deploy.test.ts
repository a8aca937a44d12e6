// The main workflow's deploy steps, run for real: the CDK CLI bootstraps moto and deploys the synthesized assembly's
// stacks into it, the built CLI applies the manifest to the deployment's Glue catalog and pushes the dashboards to
// the Grafana stand-in.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { icebergTables } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { describe, expect, it } from 'vitest';
import { REHEARSED_STACKS, rehearseDeploy } from './rehearse-deploy.js';

const REPO = fileURLToPath(new URL('../../../..', import.meta.url));
const ASSEMBLY = join(REPO, 'dist', 'infra', 'cdk.out');
const CDK = join(REPO, 'infra', 'node_modules', 'aws-cdk', 'bin', 'cdk');
const CLI = join(REPO, 'apps', 'cli', 'dist', 'datamaster.js');

describe('the deploy rehearsal', () => {
  it('deploys the stacks moto serves with the CDK CLI, applies the manifest, pushes the dashboards, and names what it leaves out', async () => {
    for (const [what, path, fix] of [
      ['the cloud assembly', ASSEMBLY, 'npx nx run infra:synth'],
      ['the CDK CLI', CDK, 'npx nx run infra:setup'],
      ['the built CLI', CLI, 'npx nx run cli:build'],
    ] as const)
      if (!existsSync(path)) throw new Error(`${what} is missing at ${path}: run ${fix} (npm test does)`);
    const steps: string[] = [];
    const report = await rehearseDeploy({ assembly: ASSEMBLY, cdkCli: CDK, datamasterCli: CLI, stage: 'dev', log: (line) => line.startsWith('$') && steps.push(line) });
    expect(steps).toEqual([
      '$ cdk bootstrap aws://123456789012/us-east-1',
      `$ cdk deploy --app <assembly> ${REHEARSED_STACKS.join(' ')} --method direct`,
      '$ datamaster apply --target aws:dev',
      '$ datamaster plan --target aws:dev',
      '$ datamaster dashboards push --url <Grafana stand-in> --stage dev',
    ]);
    expect(report.stacks.map((s) => s.stackName).sort()).toEqual(['analytics', 'control', 'cost-export', 'network', 'security', 'storage'].map((what) => `datamaster-dev-${what}`));
    expect(report.stacks.every((s) => s.status === 'CREATE_COMPLETE')).toBe(true);
    // apply made every silver and gold table of the manifest in Glue, and left nothing for a plan to find.
    expect([...report.applied.tablesCreated].sort()).toEqual(icebergTables(lakeManifest()).map((t) => t.ref).sort());
    expect(report.applied.leftAfter).toBe(0);
    expect(report.dashboards).toEqual(['datamaster-analytics', 'datamaster-operations', 'datamaster-cost']);
    expect(Object.keys(report.skipped)).toEqual(['Ingestion', 'Streaming', 'Catalog', 'Processing']);
  }, 240_000);
});
