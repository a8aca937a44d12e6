// The lake's contract: what can be known about the lake without running it. No AWS SDK, no engine, no I/O:
// adapters, infrastructure, the portal and the dashboards import it; non-TypeScript consumers read its export.
export * from './defaults.js';
export * from './layout.js';
export * from './iceberg.js';
export * from './raw-objects.js';
export * from './source-database.js';
export { PROMOTION_RULE, canPromote } from './type-promotion.js';
export * from './ledger/model.js';
export * from './ledger/errors.js';
export * from './ledger/table.js';
export { ledgerRecordId, normalizeEtag } from './ledger/record-id.js';
export { MAX_ERROR_BYTES, describeFailure, retryDelayMs, truncateErrorMessage } from './ledger/failure.js';
export { conflict, leaseExpired, newRecord, planClaim, planFail, planHeartbeat, planLeaseExpiry, planReprocess, planSucceed } from './ledger/transitions.js';
export * from './processing/work.js';
export * from './state-machines/definitions.js';
export * from './state-machines/identity.js';
export * from './state-machines/ingestion-input.js';
export * from './state-machines/processing-input.js';
export * from './status/table-status.js';
export * from './plan/index.js';
export * from './deployment/index.js';
export * from './observability/metrics.js';
export * from './observability/lineage.js';
export { parseJsonLines } from './observability/json-lines.js';
