// How a record is stored: its fields under their own names, plus the key attributes of the two indexes,
// derived from the record on every write so that they can never disagree with it.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { LedgerRecord } from './model.js';

/** (layer, status) → records sorted by dueAt: what runtimes poll and what recovery scans. */
export const BY_LAYER_STATUS = { indexName: 'by-layer-status', hashKey: 'layerStatus', rangeKey: 'dueAt' } as const;
/** (table) → records sorted by status, then registration time: what operators list. */
export const BY_TABLE_STATUS = { indexName: 'by-table-status', hashKey: 'table', rangeKey: 'statusRegisteredAt' } as const;

export type LedgerIndex = typeof BY_LAYER_STATUS | typeof BY_TABLE_STATUS;

export interface IndexAttributes {
  readonly layerStatus: string;
  readonly dueAt: string;
  readonly statusRegisteredAt: string;
}

export function layerStatusKey(layer: string, status: string): string {
  return `${layer}#${status}`;
}

export function statusPrefix(status: string): string {
  return `${status}#`;
}

/**
 * When the record next needs attention, so that "due by now" is a key condition, not a filter: a running
 * record when its lease expires (recovery), a failed one when its next attempt is due; otherwise since when
 * it has been in its status.
 */
export function dueAt(record: LedgerRecord): string {
  if (record.status === 'running' && record.leaseExpiresAt !== undefined) return record.leaseExpiresAt;
  if (record.status === 'failed' && record.nextAttemptAt !== undefined) return record.nextAttemptAt;
  return record.updatedAt;
}

export function indexAttributes(record: LedgerRecord): IndexAttributes {
  return {
    layerStatus: layerStatusKey(record.layer, record.status),
    dueAt: dueAt(record),
    statusRegisteredAt: `${statusPrefix(record.status)}${record.registeredAt}`,
  };
}

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
