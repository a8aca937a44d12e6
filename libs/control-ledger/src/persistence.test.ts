import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDynamo, type EmbeddedServer } from '@datamaster/embedded-services';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControlLedger } from './control-ledger.js';
import { openLedger } from './open-ledger.js';
import { rawObject } from './test-helpers.js';

describe('openLedger on a persisted embedded DynamoDB', () => {
  let dataDir: string;
  const servers: EmbeddedServer[] = [];
  const ledgers: ControlLedger[] = [];
  const open = async () => {
    const server = await startEmbeddedDynamo({ dataDir });
    servers.push(server);
    const ledger = await openLedger({ ...server, tableName: 'dm-control-ledger' });
    ledgers.push(ledger);
    return { server, ledger };
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'control-ledger-'));
  });
  afterEach(async () => {
    ledgers.splice(0).forEach((ledger) => ledger.close());
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps records across a stop and a restart on the same folder', async () => {
    const first = await open();
    const { record } = await first.ledger.register(rawObject());
    const running = await first.ledger.claim(record.recordId, { owner: 'w1', leaseMs: 60_000 });
    first.ledger.close();
    await first.server.stop();

    const second = await open();
    expect(await second.ledger.get(record.recordId)).toEqual(running);
    expect(await second.ledger.register(rawObject())).toEqual({ record: running, created: false });
    expect(await second.ledger.counts()).toMatchObject({ pending: 0, running: 1 });
  });
});
