// @ts-check
import { createRequire } from 'node:module';

/**
 * dynalite opens LevelDB lazily and, when the folder is locked by another store, crashes on the first request.
 * Opening it once before listening turns that into a clear message in the log instead (as libs/embedded-services/src/dynamo.ts does in-process). `level` is resolved from dynalite's own location,
 * so this probes the very LevelDB binding dynalite uses.
 * @param {string} dataDir
 */
export async function assertDataDirFree(dataDir) {
  const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = /** @type {{ Level: new (location: string) => { open(): Promise<void>, close(): Promise<void> } }} */ (requireFromDynalite('level'));
  const db = new Level(dataDir);
  try {
    await db.open();
  } catch (error) {
    const locked = /** @type {{ cause?: { code?: unknown } }} */ (error).cause?.code === 'LEVEL_LOCKED';
    process.stderr.write(
      locked
        ? `The ledger folder ${dataDir} is in use by another DynamoDB store: a process holds it without publishing run/ledger.json (an older datamaster, or a server that is still stopping).\n`
        : `The ledger folder ${dataDir} could not be opened as a LevelDB store: ${String(error)}\n`,
    );
    process.exit(1);
  }
  await db.close();
}
