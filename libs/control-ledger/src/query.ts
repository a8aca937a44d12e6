// Queries on the ledger's indexes. Nothing here scans the table, and every loop follows LastEvaluatedKey, so
// no result is cut at DynamoDB's 1 MB page.
import { QueryCommand, type AttributeValue, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { LedgerIndex } from '@datamaster/lake-contract';
import { fromItem } from './item.js';
import type { LedgerPage, LedgerRecord } from '@datamaster/lake-contract';

/** Where the ledger lives. */
export interface LedgerTarget {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

export interface IndexQuery {
  readonly index: LedgerIndex;
  readonly hash: string;
  readonly range?: { readonly op: 'begins_with' | '<='; readonly value: string };
  /** An equality filter on a non-key attribute. */
  readonly filter?: { readonly field: string; readonly value: string };
  readonly newestFirst: boolean;
}

const SWEEP_PAGE_SIZE = 100;

/**
 * One page of at most `limit` records. With a filter, DynamoDB may return short pages, so this keeps reading
 * (each read evaluating no more than what is still missing) until the page is full or the index ends.
 */
export async function queryPage({ client, tableName }: LedgerTarget, query: IndexQuery, limit: number, cursor?: string): Promise<LedgerPage> {
  const label = describeQuery(query);
  let startKey = cursor === undefined ? undefined : decodeCursor(cursor, label);
  const records: LedgerRecord[] = [];
  do {
    const page = await client.send(new QueryCommand({ ...queryInput(tableName, query), Limit: limit - records.length, ExclusiveStartKey: startKey }));
    records.push(...(page.Items ?? []).map(fromItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && records.length < limit);
  return startKey === undefined ? { records } : { records, cursor: encodeCursor(label, startKey) };
}

/**
 * Every matching record, a page at a time. The caller may change the records it gets (moving them out of the
 * queried range): the next page continues after the last key read, which stays a valid position.
 */
export async function* queryAll({ client, tableName }: LedgerTarget, query: IndexQuery): AsyncGenerator<LedgerRecord> {
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...queryInput(tableName, query), Limit: SWEEP_PAGE_SIZE, ExclusiveStartKey: startKey }));
    yield* (page.Items ?? []).map(fromItem);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
}

export async function queryCount({ client, tableName }: LedgerTarget, query: IndexQuery): Promise<number> {
  let count = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...queryInput(tableName, query), Select: 'COUNT', ExclusiveStartKey: startKey }));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return count;
}

function queryInput(tableName: string, query: IndexQuery): QueryCommandInput {
  const names: Record<string, string> = { '#hash': query.index.hashKey };
  const values: Record<string, AttributeValue> = { ':hash': { S: query.hash } };
  let condition = '#hash = :hash';
  if (query.range !== undefined) {
    names['#range'] = query.index.rangeKey;
    values[':range'] = { S: query.range.value };
    condition += query.range.op === 'begins_with' ? ' AND begins_with(#range, :range)' : ' AND #range <= :range';
  }
  if (query.filter !== undefined) {
    names['#filter'] = query.filter.field;
    values[':filter'] = { S: query.filter.value };
  }
  return {
    TableName: tableName,
    IndexName: query.index.indexName,
    KeyConditionExpression: condition,
    FilterExpression: query.filter === undefined ? undefined : '#filter = :filter',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !query.newestFirst,
  };
}

/** Names the listing, so that a cursor is only accepted by the listing that issued it. */
function describeQuery(query: IndexQuery): string {
  const range = query.range === undefined ? '' : ` ${query.index.rangeKey} ${query.range.op} ${query.range.value}`;
  const filter = query.filter === undefined ? '' : ` ${query.filter.field} = ${query.filter.value}`;
  return `${query.index.hashKey} = ${query.hash}${range}${filter}${query.newestFirst ? ' newest first' : ''}`;
}
