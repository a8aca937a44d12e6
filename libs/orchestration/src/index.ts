export { INGESTION_STATE_MACHINE, PROCESSING_STATE_MACHINE, MissingSubstitutionError, definitionPlaceholders, substituteDefinition, type AslDefinition } from './definitions.js';
export { MissingLocalHandlerError, runLocally, type JsonValue, type LocalExecution, type LocalRunOptions, type LocalTaskHandler } from './local-runner.js';
