// The lake-tables custom resource as CloudFormation drives it: its answer goes to a response URL, here a server
// on loopback; the tables go to the Glue Data Catalog on moto's server.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GlueCatalog, LocalFileIO } from '@datamaster/iceberg';
import { startMotoServer, type MotoServer } from '@datamaster/embedded-services';
import { icebergTables } from '@datamaster/lake-contract';
import { lakeManifest } from '@datamaster/lake-manifest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudFormationEvent } from './cloudformation-response.js';
import { handler } from './lake-tables.js';

let moto: MotoServer;
let catalog: GlueCatalog;
let dir: string;
let responses: Server;
const answers: { contentType: string | undefined; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lake-tables-'));
  moto = await startMotoServer();
  catalog = new GlueCatalog({ glue: { endpoint: moto.endpoint, region: moto.region, credentials: moto.credentials }, warehouse: join(dir, 'lake'), io: new LocalFileIO() });
  responses = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      answers.push({ contentType: request.headers['content-type'], body: JSON.parse(body) as Record<string, unknown> });
      response.end();
    });
  });
  await new Promise<void>((resolve) => responses.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, { LAKE_URI: join(dir, 'lake'), GLUE_ENDPOINT: moto.endpoint });
});
afterAll(async () => {
  catalog.close();
  await new Promise((resolve) => responses.close(resolve));
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
});

const request = (RequestType: CloudFormationEvent['RequestType'], PhysicalResourceId?: string): CloudFormationEvent => ({
  RequestType,
  ResponseURL: `http://127.0.0.1:${(responses.address() as AddressInfo).port}/answer?signature=x`,
  StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/datamaster-test-catalog/1',
  RequestId: `request-${answers.length}`,
  LogicalResourceId: 'LakeTables',
  ...(PhysicalResourceId === undefined ? {} : { PhysicalResourceId }),
});

const tablesIn = async (database: string) => (await catalog.listTables(database)).map((t) => t.name).sort();

describe('the lake-tables custom resource', () => {
  it('creates every silver and gold table of the manifest in Glue, answering SUCCESS under one physical id', async () => {
    await handler(request('Create'));
    const expected = icebergTables(lakeManifest());
    expect(answers.at(-1)).toEqual({ contentType: '', body: expect.objectContaining({ Status: 'SUCCESS', PhysicalResourceId: 'LakeTables', RequestId: 'request-0', LogicalResourceId: 'LakeTables', Data: { Tables: expected.map((t) => t.ref).join(',') } }) });
    for (const layer of ['silver', 'gold'] as const) {
      expect(await tablesIn(lakeManifest().databases[layer])).toEqual(expected.filter((t) => t.layer === layer).map((t) => t.name).sort());
    }
  });

  it('changes nothing on an update that finds the tables as the manifest has them, and drops nothing on delete', async () => {
    await handler(request('Update', 'LakeTables'));
    expect(answers.at(-1)?.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'LakeTables' });
    await handler(request('Delete', 'LakeTables'));
    expect(answers.at(-1)?.body).toMatchObject({ Status: 'SUCCESS', Data: { Tables: '' } });
    expect(await tablesIn(lakeManifest().databases.gold)).toHaveLength(icebergTables(lakeManifest()).filter((t) => t.layer === 'gold').length);
  });

  it('answers FAILED with the reason, so the deployment stops instead of waiting', async () => {
    const lakeUri = process.env['LAKE_URI'];
    delete process.env['LAKE_URI'];
    try {
      await handler(request('Update', 'LakeTables'));
    } finally {
      process.env['LAKE_URI'] = lakeUri;
    }
    expect(answers.at(-1)?.body).toMatchObject({ Status: 'FAILED', Reason: expect.stringContaining('LAKE_URI') });
  });
});
