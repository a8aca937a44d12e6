export { MissingLocalHandlerError, runLocally, type JsonValue, type LocalExecution, type LocalRunOptions, type LocalTaskHandler } from './local-runner.js';
