import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ControlLedger } from './control-ledger.js';
import { LedgerInputError, LedgerTableMismatchError } from './errors.js';
import { ledgerTableDefinition } from '@datamaster/lake-contract';
import { ensureLedgerTable } from './ledger-table.js';
import { startTestDynamo, type TestDynamo } from './test-helpers.js';

let dynamo: TestDynamo;
beforeAll(async () => {
  dynamo = await startTestDynamo();
});
afterAll(async () => {
  await dynamo?.stop();
});

describe('ensureLedgerTable', () => {
  it('creates the table of ledgerTableDefinition() once, and accepts it after', async () => {
    await ensureLedgerTable(dynamo.client, 'ensure-twice');
    await ensureLedgerTable(dynamo.client, 'ensure-twice');

    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: 'ensure-twice' }));
    const definition = ledgerTableDefinition('ensure-twice');
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual(definition.KeySchema);
    expect(Table?.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }))).toEqual(
      definition.GlobalSecondaryIndexes,
    );
  });

  it('defines every key attribute it indexes, and nothing else', () => {
    const definition = ledgerTableDefinition('t');
    const keyNames = [...(definition.KeySchema ?? []), ...(definition.GlobalSecondaryIndexes ?? []).flatMap((gsi) => gsi.KeySchema ?? [])]
      .map((key) => key.AttributeName);
    expect(definition.AttributeDefinitions?.map((a) => a.AttributeName).sort()).toEqual([...new Set(keyNames)].sort());
  });

  it('names what is wrong with an existing table that is not a ledger', async () => {
    await dynamo.client.send(
      new CreateTableCommand({
        TableName: 'not-a-ledger',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    const error = await ensureLedgerTable(dynamo.client, 'not-a-ledger').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LedgerTableMismatchError);
    expect((error as LedgerTableMismatchError).problems).toEqual([
      'its key is pk HASH, not recordId HASH',
      'it has no global secondary index by-layer-status (layerStatus HASH, dueAt RANGE)',
      'it has no global secondary index by-table-status (table HASH, statusRegisteredAt RANGE)',
    ]);
  });

  it('refuses a table name DynamoDB would refuse, and a backoff that makes no sense', () => {
    expect(() => new ControlLedger({ client: dynamo.client, tableName: 'x' })).toThrow(LedgerInputError);
    expect(() => new ControlLedger({ client: dynamo.client, tableName: 'ledger', backoff: { baseMs: 10, capMs: 5 } })).toThrow(
      /capMs must be at least baseMs/,
    );
  });
});
