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
import { LEDGER_INDEXES, LEDGER_KEY_SCHEMA, indexKeySchema, ledgerTableDefinition } from '@datamaster/lake-contract';
import { LedgerTableMismatchError } from './errors.js';

/** Creates the ledger table when it is missing and waits until it is ACTIVE; checks an existing one. Idempotent. */
export async function ensureLedgerTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const existing = await describe(client, tableName);
  if (existing === undefined) {
    try {
      await client.send(new CreateTableCommand(ledgerTableDefinition(tableName) as CreateTableCommandInput));
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
  const expectedKey = keyText(LEDGER_KEY_SCHEMA);
  if (keyText(table.KeySchema) !== expectedKey) problems.push(`its key is ${keyText(table.KeySchema)}, not ${expectedKey}`);
  for (const index of LEDGER_INDEXES) {
    const found = table.GlobalSecondaryIndexes?.find((gsi) => gsi.IndexName === index.indexName);
    const expected = keyText(indexKeySchema(index));
    if (found === undefined) problems.push(`it has no global secondary index ${index.indexName} (${expected})`);
    else if (keyText(found.KeySchema) !== expected) problems.push(`index ${index.indexName} is keyed ${keyText(found.KeySchema)}, not ${expected}`);
    else if (found.Projection?.ProjectionType !== 'ALL') problems.push(`index ${index.indexName} does not project all attributes`);
  }
  return problems;
}

function keyText(schema: readonly KeySchemaElement[] | undefined): string {
  return (schema ?? []).map((key) => `${key.AttributeName} ${key.KeyType}`).join(', ') || 'missing';
}
