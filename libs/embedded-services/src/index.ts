export type { EmbeddedServer } from './embedded-server.js';
export { EmbeddedServiceStartError } from './errors.js';
export { startEmbeddedDynamo, type EmbeddedDynamoOptions } from './dynamo.js';
export { startEmbeddedS3, type EmbeddedS3Options, type EmbeddedS3Server } from './s3.js';
export { startLocalPostgres, LocalPostgresError, type LocalPostgres, type LocalPostgresOptions } from './postgres.js';
export { MotoUnavailableError, motoPython, startMotoServer, type MotoServer, type MotoServerOptions } from './moto-server.js';
export { SPARK_SETUP_COMMAND, SPARK_VENV_PYTHON } from './python-venv.js';
export { startGrafanaStandIn, type GrafanaStandIn, type GrafanaStandInOptions, type StandInDashboard } from './grafana-stand-in.js';
export { startStepFunctionsStandIn, type StandInExecution, type StandInExecutionStatus, type StepFunctionsStandIn } from './step-functions-stand-in.js';
