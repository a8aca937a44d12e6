// What only runs on AWS, on its own entry point: the workers' set-up from their environment (Secrets Manager, S3)
// and the registrar's start of Step Functions executions. The local platform never loads these SDK clients.
export { WorkerEnvironmentError, lakeStoreOf, ledgerFromEnvironment, workerContextFromEnvironment } from './worker-environment.js';
export { startIngestionExecution } from './step-functions-dispatch.js';
export { handleObjectCreated, registrarFromEnvironment, type RawObjectRegistrar, type RegistrationOutcome } from './raw-object-registration.js';
