// The embedded local defaults, opened for one lake home: the file object store, the control
// ledger on its embedded DynamoDB-API server, the PII masking key, and the state machines' execution journal.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { openLedger, type ControlLedger } from '@datamaster/control-ledger';
import { lineageNamespace, type LineageContext, type MetricsSink } from '@datamaster/lake-contract';
import type { LakeHome } from '@datamaster/lake-home';
import { FileExecutionJournal, type ExecutionJournal } from '@datamaster/orchestration/journal';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import type { LedgerEndpoint } from './ledger-endpoint.js';
import { acquireLedgerService, type LedgerServiceOptions } from './ledger-service.js';
import { withLineageEndpoint } from '@datamaster/orchestration/lineage';
import { fileLineageSink } from './lineage-files.js';
import { fileMetricsSink } from './metric-files.js';

export interface LocalPlatform {
  readonly home: LakeHome;
  readonly store: ObjectStore;
  readonly ledger: ControlLedger;
  /** Where the ledger's DynamoDB-API server listens: handed to child workers. */
  readonly ledgerEndpoint: LedgerEndpoint;
  readonly maskingKey: Buffer;
  /** Where the ingestion and processing runs record their executions (`<home>/executions/`); the local Step Functions API reads it. */
  readonly journal: ExecutionJournal;
  /** Where the workers and jobs put their metrics (`<home>/metrics/`, EMF lines); `datamaster metrics` reads them. */
  readonly metrics: MetricsSink;
  /** Where the jobs' OpenLineage run events go (`<home>/lineage/`, and OPENLINEAGE_URL when set), with the lake's dataset names. */
  readonly lineage: LineageContext;
  close(): Promise<void>;
}

export async function openLocalPlatform(home: LakeHome, ledgerOptions: LedgerServiceOptions = {}): Promise<LocalPlatform> {
  const maskingKey = Buffer.from(readFileSync(home.maskingKeyFile, 'utf8').trim(), 'base64');
  const service = await acquireLedgerService(home.root, home.ledgerDir, ledgerOptions);
  try {
    const ledger = await openLedger({ ...service, tableName: home.config.ledger.tableName });
    const store = openObjectStore(home.storageUri);
    return {
      home,
      store,
      ledger,
      ledgerEndpoint: { endpoint: service.endpoint, region: service.region, credentials: service.credentials },
      maskingKey,
      journal: new FileExecutionJournal(home.executionsDir),
      metrics: fileMetricsSink(home.metricsDir),
      lineage: localLineage(home),
      close: async () => {
        ledger.close();
        await store.close();
        await service.release();
      },
    };
  } catch (error) {
    await service.release();
    throw error;
  }
}

/** The home's lineage: its files, and the OpenLineage endpoint of OPENLINEAGE_URL when set; datasets under the lake's URI. */
function localLineage(home: LakeHome, env: NodeJS.ProcessEnv = process.env): LineageContext {
  const lake = home.storageUri.includes('://') ? home.storageUri : pathToFileURL(home.storageUri).href;
  return {
    sink: withLineageEndpoint(fileLineageSink(home.lineageDir), env),
    namespace: lineageNamespace('local'),
    warehouse: lake,
    rawStore: lake,
  };
}
