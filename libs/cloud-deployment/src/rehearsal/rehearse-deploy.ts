// A rehearsal of the main workflow's deploy steps (.github/workflows/deploy.yml) on this machine, with the same
// commands: `cdk bootstrap` and `cdk deploy --app <assembly> …` of the CDK CLI, pointed at moto by AWS_ENDPOINT_URL,
// then `datamaster apply --target aws:<stage>` (the silver and gold Iceberg tables made in moto's Glue, then a plan
// that must find nothing left) and `datamaster dashboards push` to the Grafana stand-in. What moto cannot take is
// left out and said so: the ingestion stack (its ECS image asset needs Docker), streaming, catalog and processing
// (services moto does not serve), so no backfill execution either.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { startGrafanaStandIn, startMotoServer } from '@datamaster/embedded-services';
import { motoTemplate } from '../moto-template.js';

/** The stacks (artifact ids) moto can hold whole, in the order the deploy takes them. */
export const REHEARSED_STACKS = ['Network', 'Security', 'Storage', 'Control', 'CostExport', 'Analytics'] as const;
export const NOT_REHEARSED = {
  Ingestion: 'its bronze ECS task image is a Docker asset, and this machine has no Docker engine',
  Streaming: 'moto does not serve DMS Serverless and Kinesis Firehose as CloudFormation resources',
  Catalog: 'moto does not serve Lake Formation',
  Processing: 'moto does not serve EMR Serverless, so apply runs no backfill execution (the bundled manifest on a new deployment needs none)',
} as const;

export interface RehearsalOptions {
  /** The synthesized cloud assembly (infra:synth writes dist/infra/cdk.out). */
  readonly assembly: string;
  /** The CDK CLI's entry point (infra/node_modules/aws-cdk/bin/cdk). */
  readonly cdkCli: string;
  /** The built datamaster CLI (apps/cli/dist/datamaster.js). */
  readonly datamasterCli: string;
  readonly stage: string;
  readonly log?: (line: string) => void;
}

export interface RehearsalReport {
  readonly stacks: readonly { readonly stackName: string; readonly status: string }[];
  /** What `datamaster apply` changed (tables created, columns added…), and what a plan found left after it. */
  readonly applied: { readonly changes: number; readonly tablesCreated: readonly string[]; readonly leftAfter: number };
  readonly dashboards: readonly string[];
  readonly dataSources: readonly string[];
  readonly skipped: typeof NOT_REHEARSED;
}

export class RehearsalStepError extends Error {
  override readonly name = 'RehearsalStepError';
}

/** The part of `datamaster apply --json`'s and `plan --json`'s output the report reads. */
interface AppliedPlan {
  readonly plan: { readonly changes: readonly { readonly table: string; readonly kind: string }[] };
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const GRAFANA_TOKEN = 'rehearsal-token';

/** The assembly as moto can create it, in a folder of its own (the synthesized one is left as it is). */
function motoAssembly(assembly: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'rehearsal-assembly-'));
  cpSync(assembly, copy, { recursive: true });
  for (const file of readdirSync(copy).filter((name) => name.endsWith('.template.json'))) writeFileSync(join(copy, file), motoTemplate(readFileSync(join(copy, file), 'utf8')));
  return copy;
}

export async function rehearseDeploy(options: RehearsalOptions): Promise<RehearsalReport> {
  const log = options.log ?? (() => undefined);
  const moto = await startMotoServer();
  const grafana = await startGrafanaStandIn({ token: GRAFANA_TOKEN });
  const assembly = motoAssembly(options.assembly);
  // moto finds a template's bucket in its URL by the host "localhost" (an IP address is read as a bucket name).
  const endpoint = moto.endpoint.replace('127.0.0.1', 'localhost');
  const env = { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: 'rehearsal', AWS_SECRET_ACCESS_KEY: 'rehearsal', AWS_REGION: REGION, AWS_DEFAULT_REGION: REGION, NO_COLOR: '1', CI: 'true' };
  // Asynchronous: the Grafana stand-in answers the pushing process from this one.
  const run = (step: string, command: string, args: readonly string[], extraEnv: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      log(`$ ${step}`);
      const child = spawn(process.execPath, [command, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) =>
        status === 0 ? resolve(stdout) : reject(new RehearsalStepError(`${step} exited with ${status}: ${(stderr || stdout).trim().split('\n').slice(-15).join('\n')}`)),
      );
    });
  try {
    await run(`cdk bootstrap aws://${ACCOUNT}/${REGION}`, options.cdkCli, ['bootstrap', `aws://${ACCOUNT}/${REGION}`, '--app', assembly]);
    // Directly, not through change sets: moto does not record the exports of a stack created from a change set, so
    // the next stack's imports would fail. AWS takes the workflow's change sets.
    await run(`cdk deploy --app <assembly> ${REHEARSED_STACKS.join(' ')} --method direct`, options.cdkCli, ['deploy', '--app', assembly, ...REHEARSED_STACKS, '--require-approval', 'never', '--no-color', '--method', 'direct']);
    // The SDK clients of the CLI reach moto by its address: a bucket is then addressed by path, not as a host name.
    const aws = { AWS_ENDPOINT_URL: moto.endpoint };
    const applied = JSON.parse(await run(`datamaster apply --target aws:${options.stage}`, options.datamasterCli, ['apply', '--target', `aws:${options.stage}`, '--json'], aws)) as AppliedPlan;
    const left = JSON.parse(await run(`datamaster plan --target aws:${options.stage}`, options.datamasterCli, ['plan', '--target', `aws:${options.stage}`, '--json'], aws)) as AppliedPlan['plan'];
    log(`applied ${applied.plan.changes.length} change(s); a plan afterwards finds ${left.changes.length}`);
    const pushed = await run(`datamaster dashboards push --url <Grafana stand-in> --stage ${options.stage}`, options.datamasterCli, ['dashboards', 'push', '--url', grafana.url, '--stage', options.stage, '--region', REGION], { GRAFANA_TOKEN });
    log(pushed.trim());
    const cloudFormation = new CloudFormationClient({ endpoint: moto.endpoint, region: REGION, credentials: { accessKeyId: 'rehearsal', secretAccessKey: 'rehearsal' } });
    try {
      const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({}));
      const stacks = (Stacks ?? []).filter((s) => s.StackName?.startsWith(`datamaster-${options.stage}-`)).map((s) => ({ stackName: s.StackName ?? '', status: s.StackStatus ?? '' }));
      return {
        stacks,
        applied: { changes: applied.plan.changes.length, tablesCreated: applied.plan.changes.filter((c) => c.kind === 'table-added').map((c) => c.table), leftAfter: left.changes.length },
        dashboards: [...grafana.dashboards.keys()],
        dataSources: [...grafana.dataSources.keys()],
        skipped: NOT_REHEARSED,
      };
    } finally {
      cloudFormation.destroy();
    }
  } finally {
    rmSync(assembly, { recursive: true, force: true });
    await grafana.close();
    await moto.stop();
  }
}
