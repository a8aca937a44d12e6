// lakeCatalog.* for the backend plugin. Locally `datamaster portal` writes it from the lake home (the
// embedded ledger's and the Step Functions API's endpoints, the SQLite catalog); on AWS only the table name,
// the region and the Lake Formation principals are needed, and the SDKs find their credentials as usual.
//   lakeCatalog:
//     ledger: { tableName: datamaster-ledger, endpoint?: http://127.0.0.1:4567, region?: us-east-1 }
//     stepFunctions: { endpoint?: http://127.0.0.1:4568, region?: us-east-1 }
//     iceberg:
//       sqlite: { path: /home/me/.datamaster/catalog/catalog.db, warehouse: file:///home/me/.datamaster/lake/warehouse }
//       # glue: { warehouse: s3://acme-lake/warehouse, region: eu-west-1, catalogId?: '123456789012' }
//     lineage: { directory: /home/me/.datamaster/lineage }   # the run events' folder: observed lineage
//     lakeFormation:                                   # AWS only: compare the manifest's grants with Lake Formation's
//       region: eu-west-1
//       principals: { analyst: arn:aws:iam::123456789012:role/datamaster-analyst }
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where an AWS API is: a local endpoint (any credentials) or AWS itself (the SDK's default chain). */
export interface AwsApiConfig {
  readonly endpoint?: string;
  readonly region?: string;
}

export type IcebergCatalogConfig =
  | { readonly kind: 'sqlite'; readonly path: string; readonly warehouse: string }
  | { readonly kind: 'glue'; readonly warehouse: string; readonly region?: string; readonly catalogId?: string };

export interface LakeFormationConfig {
  readonly region?: string;
  /** Manifest principal name → the IAM principal Lake Formation grants to. */
  readonly principals: Readonly<Record<string, string>>;
}

export interface LakeCatalogBackendConfig {
  readonly ledger: AwsApiConfig & { readonly tableName: string };
  readonly stepFunctions: AwsApiConfig;
  readonly iceberg: IcebergCatalogConfig;
  readonly lakeFormation?: LakeFormationConfig;
  /** The folder of the platform's OpenLineage run events (a lake home's lineage/): the observed lineage. */
  readonly lineage?: { readonly directory: string };
}

function awsApi(config: Config | undefined): AwsApiConfig {
  const endpoint = config?.getOptionalString('endpoint');
  const region = config?.getOptionalString('region');
  return { ...(endpoint === undefined ? {} : { endpoint }), ...(region === undefined ? {} : { region }) };
}

function icebergCatalog(config: Config): IcebergCatalogConfig {
  const sqlite = config.getOptionalConfig('sqlite');
  const glue = config.getOptionalConfig('glue');
  if ((sqlite === undefined) === (glue === undefined))
    throw new InputError('lakeCatalog.iceberg needs exactly one of sqlite ({ path, warehouse }: a local lake home\'s catalog) or glue ({ warehouse, region?, catalogId? })');
  if (sqlite !== undefined) return { kind: 'sqlite', path: sqlite.getString('path'), warehouse: sqlite.getString('warehouse') };
  const region = glue?.getOptionalString('region');
  const catalogId = glue?.getOptionalString('catalogId');
  return { kind: 'glue', warehouse: (glue as Config).getString('warehouse'), ...(region === undefined ? {} : { region }), ...(catalogId === undefined ? {} : { catalogId }) };
}

export function readLakeCatalogConfig(root: Config): LakeCatalogBackendConfig {
  const config = root.getConfig('lakeCatalog');
  const lakeFormation = config.getOptionalConfig('lakeFormation');
  const region = lakeFormation?.getOptionalString('region');
  const lineageDirectory = config.getOptionalString('lineage.directory');
  return {
    ...(lineageDirectory === undefined ? {} : { lineage: { directory: lineageDirectory } }),
    ledger: { ...awsApi(config.getOptionalConfig('ledger')), tableName: config.getString('ledger.tableName') },
    stepFunctions: awsApi(config.getOptionalConfig('stepFunctions')),
    iceberg: icebergCatalog(config.getConfig('iceberg')),
    ...(lakeFormation === undefined
      ? {}
      : {
          lakeFormation: {
            ...(region === undefined ? {} : { region }),
            principals: Object.fromEntries(lakeFormation.getConfig('principals').keys().map((name) => [name, lakeFormation.getString(`principals.${name}`)])),
          },
        }),
  };
}
