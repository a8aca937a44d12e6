// The ECS bundle as its container runs it: only the files its Dockerfile copies, away from the repository (no
// node_modules to fall back on), started with the Dockerfile's entry point and only its environment.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  dir = mkdtempSync(join(tmpdir(), 'bronze-bundle-'));
  const dist = new URL('../dist', import.meta.url).pathname;
  const dockerfile = readFileSync(join(dist, 'Dockerfile'), 'utf8');
  const copied = /^COPY (.+) \.\/$/m.exec(dockerfile)?.[1]?.split(' ') ?? [];
  expect(copied).toContain('ecs.mjs');
  expect(/^ENTRYPOINT \["node", "ecs.mjs"\]$/m.test(dockerfile)).toBe(true);
  mkdirSync(join(dir, 'task'));
  for (const file of copied) cpSync(join(dist, file), join(dir, 'task', file));
  server = await startEmbeddedDynamo();
  ledger = await openLedger({ ...server, tableName: 'dm-ledger' });
  writeFileSync(join(dir, 'key'), Buffer.alloc(32, 5).toString('base64'));
});
afterAll(async () => {
  ledger.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bronze ECS task bundle', () => {
  it('converts a record on its own, and exits 1 with the reason on a bad file', async () => {
    const store = openObjectStore(join(dir, 'lake'));
    await store.put('raw/profile/p.csv.gz', gzipSync('profile_id,profile_name,email,state\n1,a,a@example.com,CA\n'), { metadata: { format: 'csv', source: 'batch' } });
    await store.put('raw/profile/bad.csv.gz', Buffer.from('not gzip'), { metadata: { format: 'csv', source: 'batch' } });
    const good = (await registerRawObject(store, ledger, 'raw/profile/p.csv.gz')).record;
    const bad = (await registerRawObject(store, ledger, 'raw/profile/bad.csv.gz')).record;
    // Asynchronous on purpose: the embedded ledger server answers the task from this process.
    const run = (recordId: string) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(dir, 'task', 'ecs.mjs')], {
          cwd: dir,
          env: { PATH: process.env['PATH'], RECORD_ID: recordId, EXECUTION_ID: `exec-${recordId}`, LAKE_URI: join(dir, 'lake'), LEDGER_TABLE: 'dm-ledger', LEDGER_ENDPOINT: server.endpoint, MASKING_KEY_FILE: join(dir, 'key'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('exit', (status) => resolve({ status, stderr }));
      });
    const ok = await run(good.recordId);
    expect(ok.status, ok.stderr).toBe(0);
    expect(await ledger.get(good.recordId)).toMatchObject({ status: 'succeeded', computeTarget: 'ecs', rowsOut: 1 });
    const failed = await run(bad.recordId);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain(bad.recordId);
    expect(await ledger.get(bad.recordId)).toMatchObject({ status: 'failed', attempts: 1 });
    await store.close();
  });
});
