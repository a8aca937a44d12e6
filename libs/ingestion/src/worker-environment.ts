// The AWS entry points' configuration (the bronze Lambda and ECS task, the failure handler, the raw-object
// registrar): read once from the environment the CDK stack sets, with an error that names every missing or bad
// variable.
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ControlLedger } from '@datamaster/control-ledger';
import { withLineageEndpoint } from '@datamaster/orchestration/lineage';
import { LINEAGE_NAMESPACE_VARIABLE, RAW_STORE_PREFIXES, jsonLineSink, lineageToLines } from '@datamaster/lake-contract';
import { PrefixRoutedObjectStore, openObjectStore, type ObjectStore } from '@datamaster/storage';
import { z } from 'zod';
import type { BronzeWorkerContext } from './process-raw-object.js';

export const ledgerVariables = z.object({
  LEDGER_TABLE: z.string().min(1),
  /** The DynamoDB endpoint, only when it is not AWS's (the embedded server). */
  LEDGER_ENDPOINT: z.string().url().optional(),
});

export const storeVariables = z.object({
  /** The lake: s3://bucket[/prefix] on AWS, a folder locally. */
  LAKE_URI: z.string().min(1),
  /** Where what arrives (raw/, errors/) is when not in the lake: the raw bucket on AWS. */
  RAW_URI: z.string().min(1).optional(),
});

const workerVariables = storeVariables
  .extend(ledgerVariables.shape)
  .extend({
    /** Secrets Manager secret holding the base64 masking key (on AWS)… */
    MASKING_KEY_SECRET_ID: z.string().min(1).optional(),
    /** …or a file holding it (locally). */
    MASKING_KEY_FILE: z.string().min(1).optional(),
    /** The OpenLineage job namespace (datamaster/<stage>): with it, each run's events go to standard output, and to OPENLINEAGE_URL when set. */
    [LINEAGE_NAMESPACE_VARIABLE]: z.string().min(1).optional(),
  })
  .refine((env) => Boolean(env.MASKING_KEY_SECRET_ID) !== Boolean(env.MASKING_KEY_FILE), {
    message: 'set exactly one of MASKING_KEY_SECRET_ID (Secrets Manager) and MASKING_KEY_FILE',
    path: ['MASKING_KEY_SECRET_ID'],
  });

export class WorkerEnvironmentError extends Error {
  override readonly name = 'WorkerEnvironmentError';
}

/** The variables `schema` reads, or an error naming `who` and every variable missing or bad. */
export function parseEnvironment<T extends z.ZodTypeAny>(schema: T, environment: NodeJS.ProcessEnv, who: string): z.infer<T> {
  const parsed = schema.safeParse(environment);
  if (!parsed.success) throw new WorkerEnvironmentError(`The ${who}'s environment is incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  return parsed.data as z.infer<T>;
}

/** The lake's keys as one store; with RAW_URI, what arrives is read from and written to that store instead. */
export function lakeStoreOf(env: z.infer<typeof storeVariables>): ObjectStore {
  const lake = openObjectStore(env.LAKE_URI);
  if (env.RAW_URI === undefined) return lake;
  const raw = openObjectStore(env.RAW_URI);
  return new PrefixRoutedObjectStore({ fallback: lake, routes: RAW_STORE_PREFIXES.map((prefix) => ({ prefix, store: raw })) });
}

/** The store raw objects are in: RAW_URI's, else the lake's. */
export function rawStoreOf(env: z.infer<typeof storeVariables>): ObjectStore {
  return openObjectStore(env.RAW_URI ?? env.LAKE_URI);
}

export function ledgerOf(env: z.infer<typeof ledgerVariables>): ControlLedger {
  return new ControlLedger({ client: env.LEDGER_ENDPOINT ? { endpoint: env.LEDGER_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}, tableName: env.LEDGER_TABLE });
}

/** The ledger alone, from LEDGER_TABLE (and LEDGER_ENDPOINT): all the failure handler needs. */
export function ledgerFromEnvironment(environment: NodeJS.ProcessEnv = process.env): ControlLedger {
  return ledgerOf(parseEnvironment(ledgerVariables, environment, 'ledger failure handler'));
}

function decodeKey(text: string, from: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < 32) throw new WorkerEnvironmentError(`The masking key in ${from} must be at least 32 bytes, base64-encoded; it has ${key.length}.`);
  return key;
}

async function maskingKey(env: z.infer<typeof workerVariables>): Promise<Buffer> {
  if (env.MASKING_KEY_FILE) return decodeKey(readFileSync(env.MASKING_KEY_FILE, 'utf8'), env.MASKING_KEY_FILE);
  const client = new SecretsManagerClient({});
  try {
    const secret = await client.send(new GetSecretValueCommand({ SecretId: env.MASKING_KEY_SECRET_ID }));
    const text = secret.SecretString ?? Buffer.from(secret.SecretBinary ?? new Uint8Array()).toString('utf8');
    return decodeKey(text, `secret ${env.MASKING_KEY_SECRET_ID}`);
  } finally {
    client.destroy();
  }
}

/** Store, ledger and masking key for a worker process, from its environment. */
export async function workerContextFromEnvironment(environment: NodeJS.ProcessEnv = process.env): Promise<BronzeWorkerContext> {
  const env = parseEnvironment(workerVariables, environment, 'bronze worker');
  // Lambda and ECS send standard output to CloudWatch Logs, which turns EMF lines into metrics.
  const write = (text: string) => process.stdout.write(text);
  const namespace = env[LINEAGE_NAMESPACE_VARIABLE];
  return {
    store: lakeStoreOf(env),
    ledger: ledgerOf(env),
    maskingKey: await maskingKey(env),
    metrics: jsonLineSink(write),
    ...(namespace === undefined ? {} : { lineage: lineageToLines(write, { namespace, lakeUri: env.LAKE_URI, ...(env.RAW_URI === undefined ? {} : { rawUri: env.RAW_URI }) }, (sink) => withLineageEndpoint(sink, environment)) }),
  };
}
