// What only runs on AWS, on its own entry point: the processing tasks' set-up from their environment (Glue, S3,
// DynamoDB). The local platform composes its context itself and never loads this.
export { lakeTablesFromEnvironment, processingContextFromEnvironment, type LakeTablesHandle } from './task-environment.js';
