import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedServer } from './embedded-server.js';
import { EmbeddedServiceStartError } from './errors.js';
import { startEmbeddedDynamo } from './dynamo.js';
import { probeEndpoint } from './test-helpers.js';

const TABLE = 'ledger';

function clientFor(server: EmbeddedServer): DynamoDBClient {
  return new DynamoDBClient({ endpoint: server.endpoint, region: server.region, credentials: server.credentials });
}

async function createTable(client: DynamoDBClient): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

describe('startEmbeddedDynamo', () => {
  let dataDir: string;
  const servers: EmbeddedServer[] = [];
  const clients: DynamoDBClient[] = [];
  const start = async (options: Parameters<typeof startEmbeddedDynamo>[0]) => {
    const server = await startEmbeddedDynamo(options);
    servers.push(server);
    const client = clientFor(server);
    clients.push(client);
    return { server, client };
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-dynamo-'));
  });
  afterEach(async () => {
    clients.splice(0).forEach((client) => client.destroy());
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps tables and items on disk across a stop and a restart on the same dataDir', async () => {
    const first = await start({ dataDir });
    expect(first.server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await createTable(first.client);
    await first.client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'raw/a.gz' }, etag: { S: 'abc' } } }));

    await first.server.stop();
    expect(await probeEndpoint(first.server.endpoint)).toBe('ECONNREFUSED');

    const second = await start({ dataDir });
    const { Item } = await second.client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'raw/a.gz' } } }));
    expect(Item).toEqual({ pk: { S: 'raw/a.gz' }, etag: { S: 'abc' } });
  });

  it('runs in memory without a dataDir, with condition expressions, and stops twice harmlessly', async () => {
    const { server, client } = await start({});
    await createTable(client);
    const put = new PutItemCommand({
      TableName: TABLE,
      Item: { pk: { S: 'k' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    await client.send(put);
    await expect(client.send(put)).rejects.toBeInstanceOf(ConditionalCheckFailedException);

    await server.stop();
    await server.stop();
    expect(await probeEndpoint(server.endpoint)).toBe('ECONNREFUSED');
  });

  it('refuses a dataDir that a running server holds, naming the folder, and leaves that server working', async () => {
    const first = await start({ dataDir });
    await createTable(first.client);

    const second = startEmbeddedDynamo({ dataDir });
    await expect(second).rejects.toBeInstanceOf(EmbeddedServiceStartError);
    await expect(second).rejects.toThrow(`the data folder ${dataDir} is in use`);
    await first.client.send(new PutItemCommand({ TableName: TABLE, Item: { pk: { S: 'still-works' } } }));
  });
});
