// The data sources and folder the dashboards refer to, by uid: fixed here, so every generated panel names the same
// data source whatever Grafana it is pushed to. No dashboard builder is needed to read this (the CLI loads it).

export interface DataSourceRef {
  readonly uid: string;
  readonly type: string;
}

/** Amazon Athena (the gold tables and the CUR 2.0 table) and CloudWatch (the platform's and AWS's metrics). */
export const DATA_SOURCES = {
  athena: { uid: 'datamaster-athena', type: 'grafana-athena-datasource', name: 'Datamaster Athena' },
  cloudwatch: { uid: 'datamaster-cloudwatch', type: 'cloudwatch', name: 'Datamaster CloudWatch' },
} as const;

/** The folder the dashboards go to. */
export const DASHBOARD_FOLDER = { uid: 'datamaster', title: 'Datamaster' } as const;

export interface DataSourceSettings {
  /** The deployment's region (Athena, CloudWatch). */
  readonly region: string;
  /** The Athena workgroup the queries run in (the analytics stack's output AthenaWorkgroup). */
  readonly workgroup: string;
  /** The Glue database queried when a panel names none: the gold layer's. */
  readonly database: string;
  /** A role to assume for Athena: the dashboards principal's, so queries run under its Lake Formation grants. */
  readonly athenaRoleArn?: string;
}

/** A data source as Grafana's HTTP API creates it (POST /api/datasources). */
export interface GrafanaDataSource {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly access: 'proxy';
  readonly jsonData: Readonly<Record<string, string>>;
}

/** Both data sources, authenticated as the workspace's IAM role (Amazon Managed Grafana's "workspace IAM role"). */
export function dataSourceDefinitions(settings: DataSourceSettings): GrafanaDataSource[] {
  const auth = { authType: 'ec2_iam_role', defaultRegion: settings.region };
  return [
    {
      ...pick(DATA_SOURCES.athena),
      access: 'proxy',
      jsonData: { ...auth, catalog: 'AwsDataCatalog', database: settings.database, workgroup: settings.workgroup, ...(settings.athenaRoleArn === undefined ? {} : { assumeRoleArn: settings.athenaRoleArn }) },
    },
    { ...pick(DATA_SOURCES.cloudwatch), access: 'proxy', jsonData: auth },
  ];
}

function pick(source: { readonly uid: string; readonly type: string; readonly name: string }): Pick<GrafanaDataSource, 'uid' | 'type' | 'name'> {
  return { uid: source.uid, type: source.type, name: source.name };
}
