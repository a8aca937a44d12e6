// How a record is stored: its fields under their own names, plus the key attributes of the two indexes,
// derived from the record on every write so that they can never disagree with it.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { indexAttributes, type LedgerRecord } from '@datamaster/lake-contract';

/** The record and its index attributes, as one plain object (undefined fields are absent from the item). */
export function storedFields(record: LedgerRecord): Record<string, unknown> {
  return { ...record, ...indexAttributes(record) };
}

export function toItem(record: LedgerRecord): Record<string, AttributeValue> {
  return marshall(storedFields(record), { removeUndefinedValues: true });
}

export function fromItem(item: Record<string, AttributeValue>): LedgerRecord {
  const { layerStatus: _layerStatus, dueAt: _dueAt, statusRegisteredAt: _statusRegisteredAt, ...record } = unmarshall(item);
  return record as LedgerRecord;
}
