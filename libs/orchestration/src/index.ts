export { InvalidStateMachineError, MissingLocalHandlerError, runLocally, validateDefinition, type JsonValue, type LocalExecution, type LocalRunOptions, type LocalTaskHandler } from './local-runner.js';
export * from './journal.js';
export { toHistoryEvents, type RunnerEvent } from './history-events.js';
