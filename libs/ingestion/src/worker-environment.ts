// The bronze worker's configuration on AWS (Lambda, ECS task): read once from the environment the
// CDK stack sets, with an error that names every missing or bad variable.
import { readFileSync } from 'node:fs';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ControlLedger } from '@datamaster/control-ledger';
import { openObjectStore } from '@datamaster/storage';
import { z } from 'zod';
import type { BronzeWorkerContext } from './process-raw-object.js';

const environmentSchema = z
  .object({
    /** The lake: s3://bucket[/prefix] on AWS, a folder locally. */
    LAKE_URI: z.string().min(1),
    LEDGER_TABLE: z.string().min(1),
    /** The DynamoDB endpoint, only when it is not AWS's (the embedded server). */
    LEDGER_ENDPOINT: z.string().url().optional(),
    /** Secrets Manager secret holding the base64 masking key (on AWS)… */
    MASKING_KEY_SECRET_ID: z.string().min(1).optional(),
    /** …or a file holding it (locally). */
    MASKING_KEY_FILE: z.string().min(1).optional(),
  })
  .refine((env) => Boolean(env.MASKING_KEY_SECRET_ID) !== Boolean(env.MASKING_KEY_FILE), {
    message: 'set exactly one of MASKING_KEY_SECRET_ID (Secrets Manager) and MASKING_KEY_FILE',
    path: ['MASKING_KEY_SECRET_ID'],
  });

export class WorkerEnvironmentError extends Error {
  override readonly name = 'WorkerEnvironmentError';
}

function decodeKey(text: string, from: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < 32) throw new WorkerEnvironmentError(`The masking key in ${from} must be at least 32 bytes, base64-encoded; it has ${key.length}.`);
  return key;
}

async function maskingKey(env: z.infer<typeof environmentSchema>): Promise<Buffer> {
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
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success)
    throw new WorkerEnvironmentError(`The bronze worker's environment is incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
  const env = parsed.data;
  return {
    store: openObjectStore(env.LAKE_URI),
    ledger: new ControlLedger({ client: env.LEDGER_ENDPOINT ? { endpoint: env.LEDGER_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}, tableName: env.LEDGER_TABLE }),
    maskingKey: await maskingKey(env),
  };
}
