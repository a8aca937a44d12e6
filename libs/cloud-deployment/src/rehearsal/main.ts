// `npx nx run infra:rehearse-deploy`: the main workflow's deploy steps against moto and the Grafana stand-in, with a
// report of what was deployed, what was pushed and what moto cannot take. Argument: the cloud assembly folder.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCloudAssembly } from '../cloud-assembly.js';
import { rehearseDeploy } from './rehearse-deploy.js';

const repo = fileURLToPath(new URL('../../../..', import.meta.url));
const assembly = resolve(process.argv[2] ?? join(repo, 'dist', 'infra', 'cdk.out'));
const storage = readCloudAssembly(assembly).get('Storage');
const stage = /^datamaster-(.+)-storage$/.exec(storage?.stackName ?? '')?.[1];
if (stage === undefined) throw new Error(`${assembly} has no Storage stack named datamaster-<stage>-storage: synthesize the CDK app first (npx nx run infra:synth).`);

const report = await rehearseDeploy({
  assembly,
  cdkCli: join(repo, 'infra', 'node_modules', 'aws-cdk', 'bin', 'cdk'),
  datamasterCli: join(repo, 'apps', 'cli', 'dist', 'datamaster.js'),
  stage,
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`\ndeployed into moto (stage ${stage}):\n${report.stacks.map((s) => `  ${s.stackName.padEnd(32)} ${s.status}`).join('\n')}\n`);
process.stdout.write(`applied to moto's Glue: ${report.applied.changes} change(s), ${report.applied.tablesCreated.length} Iceberg table(s) created; left for a plan afterwards: ${report.applied.leftAfter}\n`);
process.stdout.write(`pushed to the Grafana stand-in: data sources ${report.dataSources.join(', ')}; dashboards ${report.dashboards.join(', ')}\n`);
process.stdout.write(`not rehearsed:\n${Object.entries(report.skipped).map(([what, why]) => `  ${what}: ${why}`).join('\n')}\n`);
