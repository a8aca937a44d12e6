// The clients the backend reads the lake with, the same code path locally and on AWS: the control ledger over
// the DynamoDB API, Step Functions over its API (@aws-sdk/client-sfn), and the Iceberg catalog (the lake home's
// SQLite catalog, or Glue). Locally only the endpoints differ, and any credentials do.
import { SFNClient } from '@aws-sdk/client-sfn';
import { ControlLedger } from '@datamaster/control-ledger';
import { CATALOG_NAME } from '@datamaster/lake-contract';
import { GlueCatalog, SqliteCatalog, type Catalog } from '@datamaster/iceberg';
import type { AwsApiConfig, LakeCatalogBackendConfig } from './lake-config';

export interface LakeServices {
  readonly ledger: ControlLedger;
  readonly stepFunctions: SFNClient;
  readonly catalog: Catalog;
  close(): void;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** SDK client settings: an endpoint means a local server (region and credentials are then only formalities). */
export function clientConfig(api: AwsApiConfig): { endpoint?: string; region?: string; credentials?: typeof LOCAL_CREDENTIALS } {
  if (api.endpoint === undefined) return api.region === undefined ? {} : { region: api.region };
  return { endpoint: api.endpoint, region: api.region ?? 'us-east-1', credentials: LOCAL_CREDENTIALS };
}

function openCatalog(config: LakeCatalogBackendConfig['iceberg']): Catalog & { close(): void } {
  // The contract's catalog name: the SQLite catalog keeps it in every row, so only that name finds the lake's tables.
  if (config.kind === 'sqlite') return new SqliteCatalog({ path: config.path, warehouse: config.warehouse, name: CATALOG_NAME });
  return new GlueCatalog({
    warehouse: config.warehouse,
    glue: config.region === undefined ? {} : { region: config.region },
    ...(config.catalogId === undefined ? {} : { catalogId: config.catalogId }),
  });
}

export function openLakeServices(config: LakeCatalogBackendConfig): LakeServices {
  const ledger = new ControlLedger({ client: clientConfig(config.ledger), tableName: config.ledger.tableName });
  const stepFunctions = new SFNClient(clientConfig(config.stepFunctions));
  const catalog = openCatalog(config.iceberg);
  return {
    ledger,
    stepFunctions,
    catalog,
    close: () => {
      ledger.close();
      stepFunctions.destroy();
      catalog.close();
    },
  };
}
