// The ledger's DynamoDB table as data: its key, its two indexes and the index attributes every write
// derives from the record. The adapter creates it with this definition, and the CDK stack declares it
// from the same one, so the table AWS runs and the table the embedded server runs cannot differ.
import type { LedgerRecord } from './model.js';

/** (layer, status) → records sorted by dueAt: what runtimes poll and what recovery scans. */
export const BY_LAYER_STATUS = { indexName: 'by-layer-status', hashKey: 'layerStatus', rangeKey: 'dueAt' } as const;
/** (table) → records sorted by status, then registration time: what operators list. */
export const BY_TABLE_STATUS = { indexName: 'by-table-status', hashKey: 'table', rangeKey: 'statusRegisteredAt' } as const;

export type LedgerIndex = typeof BY_LAYER_STATUS | typeof BY_TABLE_STATUS;
export const LEDGER_INDEXES: readonly LedgerIndex[] = [BY_LAYER_STATUS, BY_TABLE_STATUS];

/** The table's partition key: the record id. */
export const LEDGER_KEY_ATTRIBUTE = 'recordId';

export interface KeySchemaElement {
  readonly AttributeName: string;
  readonly KeyType: 'HASH' | 'RANGE';
}

/** The shape of DynamoDB's CreateTable input (and of CloudFormation's AWS::DynamoDB::Table), without an SDK. */
export interface LedgerTableDefinition {
  readonly TableName: string;
  readonly BillingMode: 'PAY_PER_REQUEST';
  readonly AttributeDefinitions: readonly { readonly AttributeName: string; readonly AttributeType: 'S' }[];
  readonly KeySchema: readonly KeySchemaElement[];
  readonly GlobalSecondaryIndexes: readonly {
    readonly IndexName: string;
    readonly KeySchema: readonly KeySchemaElement[];
    readonly Projection: { readonly ProjectionType: 'ALL' };
  }[];
}

export const LEDGER_KEY_SCHEMA: readonly KeySchemaElement[] = [{ AttributeName: LEDGER_KEY_ATTRIBUTE, KeyType: 'HASH' }];

export function indexKeySchema(index: LedgerIndex): KeySchemaElement[] {
  return [
    { AttributeName: index.hashKey, KeyType: 'HASH' },
    { AttributeName: index.rangeKey, KeyType: 'RANGE' },
  ];
}

/** Key recordId, two GSIs projecting every attribute (list pages show whole records), on-demand billing. */
export function ledgerTableDefinition(tableName: string): LedgerTableDefinition {
  const stringKeys = [LEDGER_KEY_ATTRIBUTE, ...LEDGER_INDEXES.flatMap((index) => [index.hashKey, index.rangeKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: stringKeys.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [...LEDGER_KEY_SCHEMA],
    GlobalSecondaryIndexes: LEDGER_INDEXES.map((index) => ({ IndexName: index.indexName, KeySchema: indexKeySchema(index), Projection: { ProjectionType: 'ALL' } })),
  };
}

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
