import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLedger, type ControlLedger } from '@datamaster/control-ledger';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { registerRawObject } from '@datamaster/ingestion';
import { openObjectStore } from '@datamaster/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: EmbeddedServer;
let ledger: ControlLedger;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bronze-lambda-'));
  server = await startEmbeddedDynamo();
  ledger = await openLedger({ ...server, tableName: 'dm-ledger' });
  writeFileSync(join(dir, 'key'), Buffer.alloc(32, 9).toString('base64'));
  Object.assign(process.env, { LAKE_URI: join(dir, 'lake'), LEDGER_TABLE: 'dm-ledger', LEDGER_ENDPOINT: server.endpoint, MASKING_KEY_FILE: join(dir, 'key') });
});
afterAll(async () => {
  ledger.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bronze Lambda and the failure handler', () => {
  it('converts the record it is invoked for, configured from its environment', async () => {
    const store = openObjectStore(join(dir, 'lake'));
    await store.put('raw/brewery/x.csv.gz', gzipSync('brewery_id,brewery_name\n1,"Hop, Skip & Jump"\n'), { metadata: { format: 'csv', source: 'batch' } });
    const { record } = await registerRawObject(store, ledger, 'raw/brewery/x.csv.gz');
    const { handler } = await import('./lambda.js');
    expect(await handler({ recordId: record.recordId, executionId: 'exec-1' })).toEqual({ recordId: record.recordId, status: 'succeeded', rowsOut: 1, rowsQuarantined: 0 });
    expect(await ledger.get(record.recordId)).toMatchObject({ computeTarget: 'lambda', executionId: 'exec-1' });
    await store.close();
  });

  it('records the failure of a worker that died holding the lease, and leaves other records alone', async () => {
    const store = openObjectStore(join(dir, 'lake'));
    await store.put('raw/brewery/y.csv.gz', gzipSync('brewery_id,brewery_name\n2,B\n'), { metadata: { format: 'csv', source: 'batch' } });
    const { record } = await registerRawObject(store, ledger, 'raw/brewery/y.csv.gz');
    await ledger.claim(record.recordId, { owner: 'exec-2', leaseMs: 60_000 });
    const { handler } = await import('./ledger-failure.js');
    expect(await handler({ recordId: record.recordId, executionId: 'exec-other', error: { Error: 'States.Timeout' } })).toEqual({ recorded: false });
    expect(await handler({ recordId: record.recordId, executionId: 'exec-2', error: { Error: 'States.Timeout', Cause: 'Task timed out after 900 s' } })).toEqual({ recorded: true });
    expect(await ledger.get(record.recordId)).toMatchObject({ status: 'failed', lastError: { message: 'States.Timeout: Task timed out after 900 s' } });
    await store.close();
  });
});
