export { InvalidStateMachineError, MissingLocalHandlerError, runLocally, validateDefinition, type JsonValue, type LocalExecution, type LocalRunOptions, type LocalTaskHandler } from './local-runner.js';
export {
  NotAnExecutionArnError,
  executionIdentity,
  type ExecutionIdentity,
  type ExecutionJournal,
  type ExecutionStatus,
  type ExecutionSummary,
  type HistoryEvent,
  type JournaledExecution,
} from './execution-journal.js';
export { DEFAULT_KEPT_EXECUTIONS, FileExecutionJournal, InvalidJournalRetentionError, type FileExecutionJournalOptions } from './file-execution-journal.js';
export { toHistoryEvents, type RunnerEvent } from './history-events.js';
