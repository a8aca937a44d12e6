import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { PushOutcome } from '../grafana/push-dashboards.js';

interface PushOptions {
  url: string;
  token?: string;
  stage?: string;
  region?: string;
  workgroup?: string;
  athenaRoleArn?: string;
  json?: boolean;
}

export class DashboardsOptionError extends Error {
  override readonly name = 'DashboardsOptionError';
}

export function registerDashboards(program: Command, ctx: CommandContext): void {
  const dashboards = program.command('dashboards').description("The platform's Grafana dashboards (grafana/dashboards/*.json, generated from the lake contract).");
  dashboards
    .command('push')
    .description(
      "Create or update the data sources (Athena, CloudWatch), the folder and the three dashboards in a Grafana, by uid: running it again updates them in place. The cost dashboard's stage variables are set to the deployment's.",
    )
    .requiredOption('--url <url>', "the Grafana's URL, e.g. https://g-abc123.grafana-workspace.eu-west-1.amazonaws.com")
    .option('--token <token>', 'a service account token (Admin, to create data sources); default: $GRAFANA_TOKEN')
    .option('--stage <stage>', 'the deployment the dashboards read (default: the --target stage, else dev)')
    .option('--region <region>', "the deployment's region for Athena and CloudWatch (default: $AWS_REGION)")
    .option('--workgroup <name>', "the Athena workgroup (default: the stage's, datamaster-<stage>-analytics)")
    .option('--athena-role-arn <arn>', "a role the Athena data source assumes: the dashboards principal's (datamaster-<stage>-demo), so queries run under its grants")
    .option('--json', 'print what was created and updated as JSON')
    .action(async (options: PushOptions, command: Command) => {
      const env = ctx.streams.env;
      const token = options.token ?? env['GRAFANA_TOKEN'];
      if (token === undefined || token === '') throw new DashboardsOptionError('No Grafana token: pass --token or set GRAFANA_TOKEN to a service account token.');
      const target = ctx.target(command);
      const stage = options.stage ?? (target.kind === 'aws' ? target.stage : 'dev');
      const region = options.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
      if (region === undefined || region === '') throw new DashboardsOptionError('No region for the data sources: pass --region or set AWS_REGION.');
      const [{ DASHBOARD_FOLDER, dataSourceDefinitions, dashboardsForStage }, { platformResourceName, STAGE_PATTERN }, { lakeManifest }, { pushDashboards }] = await Promise.all([
        import('@datamaster/grafana/provisioning'),
        import('@datamaster/lake-contract/deployment'),
        import('@datamaster/lake-manifest'),
        import('../grafana/push-dashboards.js'),
      ]);
      if (!STAGE_PATTERN.test(stage)) throw new DashboardsOptionError(`--stage "${stage}" is not a stage name (${STAGE_PATTERN}).`);
      const dataSources = dataSourceDefinitions({
        region,
        workgroup: options.workgroup ?? platformResourceName(stage, 'analytics'),
        database: lakeManifest().databases.gold,
        ...(options.athenaRoleArn === undefined ? {} : { athenaRoleArn: options.athenaRoleArn }),
      });
      const print = (o: PushOutcome) => options.json || ctx.output.line(`${ctx.output.colors.green('✔')} ${o.kind.padEnd(11)} ${o.uid.padEnd(24)} ${o.action}${o.version === undefined ? '' : ` (version ${o.version})`}  ${o.title}`);
      const outcomes = await pushDashboards({ url: options.url, token, dataSources, folder: DASHBOARD_FOLDER, dashboards: dashboardsForStage(stage), onOutcome: print });
      if (options.json) ctx.output.line(JSON.stringify({ url: options.url, stage, outcomes }, null, 2));
    });
}
