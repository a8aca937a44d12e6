export { AthenaQueryError, runAthenaQuery, type AthenaColumn, type AthenaQueryOptions, type AthenaResult } from './athena-query.js';
export { QueryRewriteError, athenaSql } from './athena-sql.js';
export { athenaQueryResult } from './athena-values.js';
export { LedgerWaitTimeoutError, awaitLedgerRecord, type AwaitRecordOptions } from './await-record.js';
export { AwsRegionMissingError, openAwsPlatform, type AwsPlatform } from './aws-platform.js';
export { DeploymentNotFoundError, IngestionNotDeployedError, readDeploymentOutputs, requireIngestion, type DeploymentOutputs } from './deployment-outputs.js';
export { ProcessingNotDeployedError, awaitExecution, startProcessing, type AwaitExecutionOptions, type ExecutionOutcome } from './processing-execution.js';
export { DEFAULT_STAGE, InvalidTargetError, LOCAL_TARGET, parseTarget, type PlatformTarget } from './target.js';
