import {
  ConcurrentModificationException,
  CreateDatabaseCommand,
  CreateTableCommand,
  GetTableCommand,
  GlueClient,
  UpdateTableCommand,
  type TableInput,
} from '@aws-sdk/client-glue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGlueVersionGuard, type GlueVersionGuard } from './glue-version-guard.js';
import { startMotoServer, type MotoServer } from '@datamaster/embedded-services';

let moto: MotoServer;
let guard: GlueVersionGuard;
let direct: GlueClient;
let guarded: GlueClient;

beforeAll(async () => {
  moto = await startMotoServer();
  guard = await startGlueVersionGuard(moto.endpoint);
  const config = { region: moto.region, credentials: moto.credentials };
  direct = new GlueClient({ ...config, endpoint: moto.endpoint });
  guarded = new GlueClient({ ...config, endpoint: guard.endpoint });
  await direct.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'probe' } }));
}, 60_000);
afterAll(async () => {
  direct?.destroy();
  guarded?.destroy();
  await guard?.stop();
  await moto?.stop();
});

const input = (name: string, location: string): TableInput => ({ Name: name, TableType: 'EXTERNAL_TABLE', Parameters: { metadata_location: location } });
const current = async (name: string) => (await direct.send(new GetTableCommand({ DatabaseName: 'probe', Name: name }))).Table;

describe("moto's Glue UpdateTable", () => {
  it('applies an update whose VersionId is stale (AWS Glue rejects it): why the guard exists', async () => {
    await direct.send(new CreateTableCommand({ DatabaseName: 'probe', TableInput: input('bare', 'v0') }));
    const loaded = (await current('bare'))?.VersionId;
    await direct.send(new UpdateTableCommand({ DatabaseName: 'probe', TableInput: input('bare', 'v1'), VersionId: loaded }));
    await direct.send(new UpdateTableCommand({ DatabaseName: 'probe', TableInput: input('bare', 'lost-v1'), VersionId: loaded }));
    expect((await current('bare'))?.Parameters?.['metadata_location']).toBe('lost-v1');
  });
});

describe('the Glue version guard in front of moto', () => {
  it('rejects a stale VersionId with ConcurrentModificationException and applies a current one', async () => {
    await guarded.send(new CreateTableCommand({ DatabaseName: 'probe', TableInput: input('guarded', 'v0') }));
    const loaded = (await current('guarded'))?.VersionId;
    await guarded.send(new UpdateTableCommand({ DatabaseName: 'probe', TableInput: input('guarded', 'v1'), VersionId: loaded }));
    const rejectedBefore = guard.rejectedUpdates;
    const stale = await guarded.send(new UpdateTableCommand({ DatabaseName: 'probe', TableInput: input('guarded', 'lost-v1'), VersionId: loaded })).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrentModificationException);
    expect((stale as Error).message).toMatch(/names version \d+, but the table is at version \d+/);
    expect(guard.rejectedUpdates).toBe(rejectedBefore + 1);
    expect((await current('guarded'))?.Parameters?.['metadata_location']).toBe('v1');
  });
});
