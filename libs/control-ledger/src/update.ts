import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { convertToAttr } from '@aws-sdk/util-dynamodb';
import { storedFields } from './item.js';
import type { LedgerRecord } from '@datamaster/lake-contract';

/**
 * One UpdateItem that turns the stored `current` into `next`: SET what changed, REMOVE what `next` leaves
 * undefined. It applies only if the record still has the status and version it was read with; the version
 * changes on every write, so that also pins the lease owner, the lease and the attempt count.
 */
export function transitionUpdate(tableName: string, current: LedgerRecord, next: LedgerRecord): UpdateItemCommandInput {
  const before = storedFields(current);
  const after = storedFields(next);
  const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
  const nameOf = (field: string): string => {
    const known = Object.keys(names).find((name) => names[name] === field);
    if (known !== undefined) return known;
    const name = `#f${Object.keys(names).length}`;
    names[name] = field;
    return name;
  };
  const values: UpdateItemCommandInput['ExpressionAttributeValues'] = {
    ':expectedStatus': { S: current.status },
    ':expectedVersion': { N: String(current.version) },
  };
  const sets: string[] = [];
  const removes: string[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (field === 'recordId') continue;
    const value = after[field];
    if (value === undefined && before[field] === undefined) continue;
    if (value !== undefined && JSON.stringify(value) === JSON.stringify(before[field])) continue;
    const name = nameOf(field);
    if (value === undefined) {
      removes.push(name);
    } else {
      const placeholder = `:v${sets.length}`;
      values[placeholder] = convertToAttr(value, { removeUndefinedValues: true });
      sets.push(`${name} = ${placeholder}`);
    }
  }
  return {
    TableName: tableName,
    Key: { recordId: { S: current.recordId } },
    UpdateExpression: [sets.length > 0 ? `SET ${sets.join(', ')}` : '', removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '']
      .filter((clause) => clause !== '')
      .join(' '),
    ConditionExpression: '#status = :expectedStatus AND #version = :expectedVersion',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW',
  };
}
