// Every kind of bad input gets the right outcome and a clear reason, and nothing in raw/ is lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openLedger, type ControlLedger } from '@datamaster/control-ledger';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { openObjectStore, type ObjectStore } from '@datamaster/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processRawObject } from './process-raw-object.js';
import { registerRawObject } from './register-raw-object.js';

const HEADER = 'profile_id,profile_name,email,state';
const good = gzipSync(`${HEADER}\n1,a,a@example.com,CA\n2,b,b@example.com,OR\n`);

interface Case {
  readonly name: string;
  readonly key: string;
  readonly body: Buffer;
  readonly status: 'succeeded' | 'failed';
  /** For failed files: the reason; for succeeded ones: the quarantine reason of the single bad row. */
  readonly reason?: RegExp;
  readonly rowsOut?: number;
}

const CASES: Case[] = [
  { name: 'truncated gzip', key: 'raw/profile/truncated.csv.gz', body: good.subarray(0, good.length - 12), status: 'failed', reason: /truncat|unexpected end/i },
  { name: 'empty file', key: 'raw/profile/empty.csv.gz', body: Buffer.alloc(0), status: 'failed', reason: /empty/i },
  { name: 'header only', key: 'raw/profile/header-only.csv.gz', body: gzipSync(`${HEADER}\n`), status: 'succeeded', rowsOut: 0 },
  { name: 'wrong column count', key: 'raw/profile/columns.csv.gz', body: gzipSync(`${HEADER}\n1,a,a@example.com,CA\n2,b,CA\n`), status: 'succeeded', rowsOut: 1, reason: /fields|columns/i },
  { name: 'non-numeric id', key: 'raw/profile/numeric.csv.gz', body: gzipSync(`${HEADER}\n1,a,a@example.com,CA\nx2,b,b@example.com,OR\n`), status: 'succeeded', rowsOut: 1, reason: /profile_id/ },
  {
    name: 'invalid UTF-8',
    key: 'raw/profile/utf8.csv.gz',
    body: gzipSync(Buffer.concat([Buffer.from(`${HEADER}\n1,a,a@example.com,CA\n2,`), Buffer.from([0xc3, 0x28]), Buffer.from(',b@example.com,OR\n')])),
    status: 'succeeded',
    rowsOut: 1,
    reason: /UTF-8/i,
  },
  { name: 'a 1 MB line', key: 'raw/profile/long-line.csv.gz', body: gzipSync(`${HEADER}\n1,a,a@example.com,CA\n2,${'x'.repeat(1 << 20)},b@example.com,OR\n`), status: 'succeeded', rowsOut: 2 },
  { name: 'unknown table', key: 'raw/profiles/p.csv.gz', body: good, status: 'failed', reason: /"profiles" is not a source table/ },
];

let server: EmbeddedServer;
let dir: string;
let store: ObjectStore;
let ledger: ControlLedger;

beforeAll(async () => {
  server = await startEmbeddedDynamo();
  dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
  store = openObjectStore(join(dir, 'lake'));
  ledger = await openLedger({ ...server, tableName: 'bad-input' });
});
afterAll(async () => {
  ledger.close();
  await store.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the bad input corpus', () => {
  it.each(CASES)('$name → $status', async (c) => {
    await store.put(c.key, c.body, { metadata: { format: 'csv', source: 'batch' } });
    const { record } = await registerRawObject(store, ledger, c.key);
    const outcome = await processRawObject({ store, ledger, maskingKey: Buffer.alloc(32, 1) }, { recordId: record.recordId, owner: 'corpus', computeTarget: 'local' }).catch(
      async () => (await ledger.get(record.recordId))!,
    );
    expect(outcome.status).toBe(c.status);
    if (c.status === 'failed') expect(outcome.lastError?.message).toMatch(c.reason!);
    else expect(outcome.rowsOut).toBe(c.rowsOut);
    if (c.status === 'succeeded' && c.reason) {
      const [line] = (await store.getBytes(outcome.quarantineKey!)).toString().trim().split('\n');
      expect(JSON.parse(line!)).toMatchObject({ line: 3, reason: expect.stringMatching(c.reason) });
    }
    expect((await store.getBytes(c.key)).equals(c.body)).toBe(true);
  });
});
