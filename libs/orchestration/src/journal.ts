// The execution journal on its own entry point (@datamaster/orchestration/journal): what opens or reads a journal
// (the local platform, the local Step Functions API) does not load the runner, which costs about 0.35 s to import.
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
