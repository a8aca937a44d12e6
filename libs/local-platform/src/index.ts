export { LedgerServerError } from './errors.js';
export { acquireLakeWrites } from './lake-writes.js';
export type { LedgerEndpoint } from './ledger-endpoint.js';
export { acquireLedgerService, type LedgerService, type LedgerServiceOptions } from './ledger-service.js';
export { openLocalPlatform, type LocalPlatform } from './local-platform.js';
export { startLocalStepFunctionsApi, type LocalStepFunctionsApi, type LocalStepFunctionsApiOptions } from './step-functions-api/local-step-functions-api.js';
export { fileMetricsSink, readMetricLines } from './metric-files.js';
export { summarizeMetrics, type TableMetrics } from './metric-summary.js';
export { fileLineageSink } from './lineage-files.js';
