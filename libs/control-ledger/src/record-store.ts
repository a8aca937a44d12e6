// Reads and writes of single records. Every change is one conditional write, so a lost race never half-applies.
import { ConditionalCheckFailedException, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { LedgerConflictError, type LedgerOperation } from '@datamaster/lake-contract';
import { LedgerRecordNotFoundError } from './errors.js';
import { fromItem, toItem } from './item.js';
import type { LedgerRecord } from '@datamaster/lake-contract';
import { queryAll, type IndexQuery, type LedgerTarget } from './query.js';
import { transitionUpdate } from './update.js';

export type TransitionPlan = (current: LedgerRecord) => LedgerRecord;

export async function getRecord({ client, tableName }: LedgerTarget, recordId: string): Promise<LedgerRecord | undefined> {
  const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { recordId: { S: recordId } }, ConsistentRead: true }));
  return Item === undefined ? undefined : fromItem(Item);
}

export async function requireRecord(target: LedgerTarget, recordId: string): Promise<LedgerRecord> {
  const record = await getRecord(target, recordId);
  if (record === undefined) throw new LedgerRecordNotFoundError(recordId, target.tableName);
  return record;
}

/** Writes the record unless its id exists; returns the stored record and whether this call created it. */
export async function putNewRecord(target: LedgerTarget, record: LedgerRecord): Promise<{ record: LedgerRecord; created: boolean }> {
  try {
    await target.client.send(
      new PutItemCommand({ TableName: target.tableName, Item: toItem(record), ConditionExpression: 'attribute_not_exists(recordId)' }),
    );
    return { record, created: true };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    return { record: await requireRecord(target, record.recordId), created: false };
  }
}

/** Reads the record, plans the transition, and writes it with one UpdateItem conditional on what was read. */
export async function applyTransition(
  target: LedgerTarget,
  recordId: string,
  operation: LedgerOperation,
  plan: TransitionPlan,
): Promise<LedgerRecord> {
  const current = await requireRecord(target, recordId);
  const next = plan(current);
  try {
    const { Attributes } = await target.client.send(new UpdateItemCommand(transitionUpdate(target.tableName, current, next)));
    return Attributes === undefined ? next : fromItem(Attributes);
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const latest = await requireRecord(target, recordId);
    throw new LedgerConflictError(
      recordId,
      operation,
      [current.status],
      latest.status,
      `another writer changed it while this call ran (version ${current.version} → ${latest.version}); ` +
        `read it again and retry if the ${operation} still applies`,
    );
  }
}

/**
 * Applies a transition to every record the queries find. Index entries can lag the table, and records change
 * meanwhile: each one is re-read, and those the transition no longer applies to are skipped.
 */
export async function sweepTransition(
  target: LedgerTarget,
  queries: readonly IndexQuery[],
  operation: LedgerOperation,
  plan: TransitionPlan,
): Promise<LedgerRecord[]> {
  const changed: LedgerRecord[] = [];
  for (const query of queries) {
    for await (const candidate of queryAll(target, query)) {
      try {
        changed.push(await applyTransition(target, candidate.recordId, operation, plan));
      } catch (error) {
        if (!(error instanceof LedgerConflictError)) throw error;
      }
    }
  }
  return changed;
}
