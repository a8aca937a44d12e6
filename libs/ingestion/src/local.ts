// The ingestion state machine's local runtime, on its own entry point: the bronze worker (a Lambda, an ECS task,
// the local ECS-task child) runs one record and never loads the state machine interpreter.
export { LocalIngestion, type EcsTaskRunner, type LocalIngestionOptions } from './local-ingestion.js';
