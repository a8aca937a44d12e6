import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import dynalite from 'dynalite';
import { EMBEDDED_REGION, stopOnce, type EmbeddedServer } from './embedded-server.js';
import { EmbeddedServiceStartError } from './errors.js';

export interface EmbeddedDynamoOptions {
  /** Folder for the LevelDB files, so tables survive a restart; in memory when omitted. */
  readonly dataDir?: string;
}

/**
 * Starts dynalite (DynamoDB API on LevelDB) on a random loopback port. dynalite 4 has CRUD, Query, Scan and
 * ConditionExpression, but no Streams, TransactWriteItems or UpdateTimeToLive.
 */
export async function startEmbeddedDynamo(options: EmbeddedDynamoOptions = {}): Promise<EmbeddedServer> {
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  if (dataDir !== undefined) await assertDataDirFree(dataDir);
  // Tables become ACTIVE at once: nothing waits for provisioning on a laptop.
  const server = dynalite({ path: dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listenOnLoopback(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    region: EMBEDDED_REGION,
    // dynalite does not check signatures; the SDK only needs some credentials to sign with.
    credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    // dynalite's close() stops the HTTP server, waits for pending LevelDB operations, then closes LevelDB,
    // which releases its LOCK file so the same dataDir can be reopened at once.
    stop: stopOnce(() => new Promise((done, fail) => server.close((error) => (error ? fail(error) : done())))),
  };
}

interface LevelDb {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * dynalite opens LevelDB lazily and, when the folder is locked by another store, crashes the whole process
 * with an unhandled stream error on the first request. Opening it once here turns that into a clear error.
 * `level` is resolved from dynalite's own location, so this probes the very LevelDB binding dynalite uses.
 */
async function assertDataDirFree(dataDir: string): Promise<void> {
  const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = requireFromDynalite('level') as { Level: new (location: string) => LevelDb };
  const db = new Level(dataDir);
  try {
    await db.open();
  } catch (error) {
    const locked = (error as { cause?: { code?: unknown } }).cause?.code === 'LEVEL_LOCKED';
    throw new EmbeddedServiceStartError(
      'DynamoDB',
      locked
        ? `the data folder ${dataDir} is in use by another DynamoDB store (another process, or an embedded server ` +
            'in this process that was not stopped). Stop that one first, or pass a different dataDir.'
        : `the data folder ${dataDir} could not be opened as a LevelDB store (${String(error)}). ` +
            'Check that it is a writable folder created by the embedded DynamoDB, or pass an empty one.',
      { cause: error },
    );
  }
  await db.close();
}

function listenOnLoopback(server: Server): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', fail);
      done((server.address() as AddressInfo).port);
    });
  });
}
