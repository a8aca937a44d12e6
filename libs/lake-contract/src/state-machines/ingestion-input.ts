// What the ingestion state machine's ChooseCompute state decides on, and the same rule for code that must know the
// outcome before the execution runs (`datamaster ingest` starts the ECS-task process early for an object bound there).
import { LAMBDA_MAX_OBJECT_BYTES, LAMBDA_MAX_RECORDS } from '../defaults.js';
import type { LedgerRecord } from '../ledger/model.js';

export type IngestionCompute = 'lambda' | 'ecs';

/** The ingestion state machine's input: what its Choice and Tasks read. */
export function ingestionInput(record: LedgerRecord): { recordId: string; table: string; objectKey: string; estimatedRecords: number; objectSize: number } {
  return { recordId: record.recordId, table: record.table, objectKey: record.objectKey, estimatedRecords: record.estimatedRecords ?? 0, objectSize: record.objectSize };
}

/** The rule ingestion.asl.json's ChooseCompute encodes (a contract test runs the definition against it). */
export function ingestionCompute(object: { readonly estimatedRecords: number; readonly objectSize: number }): IngestionCompute {
  return object.estimatedRecords <= LAMBDA_MAX_RECORDS && object.objectSize <= LAMBDA_MAX_OBJECT_BYTES ? 'lambda' : 'ecs';
}
