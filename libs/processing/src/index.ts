// The engine-neutral processing driver: the processing state machine's claim, settle and fail tasks
// (Lambda handlers on AWS, in-process handlers locally), and the local run of the machine with an engine.
export type { JobRequest, ProcessingEngine } from './engine.js';
export { leaseOwner, type ProcessingContext } from './context.js';
export { claimWork, type ClaimRequest } from './claim-work.js';
export { settleWork, type SettleRequest } from './settle-work.js';
export { failWork, type FailRequest } from './fail-work.js';
export { committedWork, snapshotOfWork } from './committed-work.js';
export { readWorkFile, writeWorkFile } from './work-files.js';
export { jobRequestOf, processingTables, runProcessing, type JobFailure, type ProcessingOptions, type ProcessingRun } from './run-processing.js';
export { registerBackfill, type BackfillRegistration } from './backfill-work.js';
export { BackfillPartitionsError, InvalidJobArgumentsError, InvalidWorkFileError, NotProcessableTableError, ProcessingExecutionError, TaskEnvironmentError, WorkNotCommittedError } from './errors.js';
export { tableStatuses } from './table-statuses.js';
