// The processing tasks' configuration on AWS (the claim, settle and fail Lambdas, and the deployment's lake-tables
// resource), read once from the environment the CDK stacks set: the lake bucket, which is both the object store
// (work files) and the Iceberg warehouse, its tables in the Glue Data Catalog, and the ledger table.
import { ControlLedger } from '@datamaster/control-ledger';
import { withLineageEndpoint } from '@datamaster/orchestration/lineage';
import { GlueCatalog, LakeTables, LocalFileIO, S3FileIO } from '@datamaster/iceberg';
import { LINEAGE_NAMESPACE_VARIABLE, jsonLineSink, lineageToLines } from '@datamaster/lake-contract';
import { activeManifestVersion } from '@datamaster/lake-manifest';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { z } from 'zod';
import type { ProcessingContext } from './context.js';
import { TaskEnvironmentError } from './errors.js';

const lakeEnvironment = z.object({
  /** The lake: s3://bucket on AWS (its root is the warehouse, as locally the lake folder is), a folder in tests. */
  LAKE_URI: z.string().min(1),
  /** The Glue endpoint, only when it is not AWS's (an emulator on loopback). */
  GLUE_ENDPOINT: z.string().url().optional(),
});

const taskEnvironment = lakeEnvironment.extend({
  LEDGER_TABLE: z.string().min(1),
  /** The DynamoDB endpoint, only when it is not AWS's (the embedded server). */
  LEDGER_ENDPOINT: z.string().url().optional(),
  /** The OpenLineage job namespace (datamaster/<stage>): with it, each job's run events go to standard output too. */
  [LINEAGE_NAMESPACE_VARIABLE]: z.string().min(1).optional(),
});

function parse<T>(schema: z.ZodType<T>, environment: NodeJS.ProcessEnv): T {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) throw new TaskEnvironmentError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}

/** An SDK client's configuration for an endpoint on loopback, which takes any credentials. */
const loopback = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

export interface LakeTablesHandle {
  readonly lake: LakeTables;
  readonly store: ObjectStore;
  close(): Promise<void>;
}

/** The manifest's silver and gold tables in the Glue Data Catalog, under the lake's warehouse. */
export function lakeTablesFromEnvironment(environment: NodeJS.ProcessEnv = process.env): LakeTablesHandle {
  const env = parse(lakeEnvironment, environment);
  const store = openObjectStore(env.LAKE_URI);
  const io = store.uri.startsWith('s3://') ? new S3FileIO() : new LocalFileIO();
  const catalog = new GlueCatalog({ glue: env.GLUE_ENDPOINT === undefined ? {} : loopback(env.GLUE_ENDPOINT), warehouse: store.uri, io });
  return {
    lake: new LakeTables(catalog, activeManifestVersion(), store.uri),
    store,
    close: async () => {
      catalog.close();
      if (io instanceof S3FileIO) io.close();
      await store.close();
    },
  };
}

/** What the claim, settle and fail tasks run with on AWS: leases expire there (no holder to watch). */
export function processingContextFromEnvironment(environment: NodeJS.ProcessEnv = process.env): { readonly context: ProcessingContext; close(): Promise<void> } {
  const env = parse(taskEnvironment, environment);
  const { lake, store, close } = lakeTablesFromEnvironment(environment);
  const ledger = new ControlLedger({ client: env.LEDGER_ENDPOINT === undefined ? {} : loopback(env.LEDGER_ENDPOINT), tableName: env.LEDGER_TABLE });
  const write = (text: string) => process.stdout.write(text);
  const namespace = env[LINEAGE_NAMESPACE_VARIABLE];
  return {
    // The jobs run on EMR Serverless (Spark); the Lambdas' standard output goes to CloudWatch Logs, which reads EMF.
    context: {
      ledger,
      store,
      lake,
      engine: 'spark',
      metrics: jsonLineSink(write),
      ...(namespace === undefined ? {} : { lineage: lineageToLines(write, { namespace, lakeUri: store.uri }, (sink) => withLineageEndpoint(sink, environment)) }),
    },
    close: async () => {
      ledger.close();
      await close();
    },
  };
}
