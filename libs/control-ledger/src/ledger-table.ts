import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  waitUntilTableExists,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { LedgerTableMismatchError } from './errors.js';
import { BY_LAYER_STATUS, BY_TABLE_STATUS, type LedgerIndex } from './item.js';

const INDEXES: readonly LedgerIndex[] = [BY_LAYER_STATUS, BY_TABLE_STATUS];
const TABLE_KEY_SCHEMA: readonly KeySchemaElement[] = [{ AttributeName: 'recordId', KeyType: 'HASH' }];

/**
 * The ledger table, the one definition both ensureLedgerTable() and the CDK stack create: key recordId, two
 * GSIs projecting every attribute (list pages show whole records), on-demand billing.
 */
export function ledgerTableDefinition(tableName: string): CreateTableCommandInput {
  const stringKeys = ['recordId', ...INDEXES.flatMap((index) => [index.hashKey, index.rangeKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: stringKeys.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [...TABLE_KEY_SCHEMA],
    GlobalSecondaryIndexes: INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: indexKeySchema(index),
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

/** Creates the ledger table when it is missing and waits until it is ACTIVE; checks an existing one. Idempotent. */
export async function ensureLedgerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await describe(client, tableName);
  if (existing === undefined) {
    try {
      await client.send(new CreateTableCommand(ledgerTableDefinition(tableName)));
    } catch (error) {
      // Another process created it between our describe and create: wait for theirs.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  if (existing?.TableStatus !== 'ACTIVE') {
    await waitUntilTableExists({ client, minDelay: 0.05, maxDelay: 5, maxWaitTime: 300 }, { TableName: tableName });
  }
  const problems = mismatches((await describe(client, tableName)) ?? {});
  if (problems.length > 0) throw new LedgerTableMismatchError(tableName, problems);
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function mismatches(table: TableDescription): string[] {
  const problems: string[] = [];
  const expectedKey = keyText(TABLE_KEY_SCHEMA);
  if (keyText(table.KeySchema) !== expectedKey) problems.push(`its key is ${keyText(table.KeySchema)}, not ${expectedKey}`);
  for (const index of INDEXES) {
    const found = table.GlobalSecondaryIndexes?.find((gsi) => gsi.IndexName === index.indexName);
    const expected = keyText(indexKeySchema(index));
    if (found === undefined) problems.push(`it has no global secondary index ${index.indexName} (${expected})`);
    else if (keyText(found.KeySchema) !== expected) problems.push(`index ${index.indexName} is keyed ${keyText(found.KeySchema)}, not ${expected}`);
    else if (found.Projection?.ProjectionType !== 'ALL') problems.push(`index ${index.indexName} does not project all attributes`);
  }
  return problems;
}

function indexKeySchema(index: LedgerIndex): KeySchemaElement[] {
  return [
    { AttributeName: index.hashKey, KeyType: 'HASH' },
    { AttributeName: index.rangeKey, KeyType: 'RANGE' },
  ];
}

function keyText(schema: readonly KeySchemaElement[] | undefined): string {
  return (schema ?? []).map((key) => `${key.AttributeName} ${key.KeyType}`).join(', ') || 'missing';
}
