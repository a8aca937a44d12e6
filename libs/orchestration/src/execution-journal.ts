// What the local runner keeps of each execution, in the shapes the Step Functions API answers with (DescribeExecution,
// GetExecutionHistory), so that a server can serve them as they are. Dates are ISO 8601 strings here; the API
// turns them into its epoch seconds.
import { parseExecutionArn, stateMachineArn } from '@datamaster/lake-contract';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** One execution as ListExecutions lists it. */
export interface ExecutionSummary {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
}

/** Step Functions' payload details: the journal keeps payloads whole. */
interface PayloadDetails {
  readonly truncated: false;
}

/** A Step Functions history event, with its timestamp as an ISO string. Only the details the local runner produces. */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: string;
  readonly type: string;
  readonly executionStartedEventDetails?: { readonly input: string; readonly inputDetails: PayloadDetails };
  readonly executionSucceededEventDetails?: { readonly output: string; readonly outputDetails: PayloadDetails };
  readonly executionFailedEventDetails?: { readonly error: string; readonly cause: string };
  readonly stateEnteredEventDetails?: { readonly name: string; readonly input: string; readonly inputDetails: PayloadDetails };
  readonly stateExitedEventDetails?: { readonly name: string; readonly output: string; readonly outputDetails: PayloadDetails };
  readonly taskFailedEventDetails?: { readonly resourceType: string; readonly resource: string; readonly error: string; readonly cause: string };
  readonly mapIterationStartedEventDetails?: { readonly name: string; readonly index: number };
  readonly mapIterationSucceededEventDetails?: { readonly name: string; readonly index: number };
  readonly mapIterationFailedEventDetails?: { readonly name: string; readonly index: number };
}

/** One execution as DescribeExecution describes it, with its history. Input and output are JSON text, as the API has them. */
export interface JournaledExecution extends ExecutionSummary {
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly history: readonly HistoryEvent[];
}

/** Where executions are kept: the local runner records them, the local Step Functions API reads them. */
export interface ExecutionJournal {
  /** Keeps the execution as it is now, replacing what was kept of it. */
  record(execution: JournaledExecution): Promise<void>;
  /** The kept executions of a state machine, newest first (by start date, then name). */
  executions(stateMachineArn: string): Promise<ExecutionSummary[]>;
  /** The execution, or undefined when none of that ARN is kept. */
  execution(executionArn: string): Promise<JournaledExecution | undefined>;
  /** When the state machine's first execution was recorded; undefined when it has none. */
  firstRecorded(stateMachineArn: string): Promise<Date | undefined>;
}

/** Thrown when an execution to journal is not named by a Step Functions execution ARN. */
export class NotAnExecutionArnError extends Error {
  override readonly name = 'NotAnExecutionArnError';
  constructor(readonly executionId: string) {
    super(`"${executionId}" is not an execution ARN (arn:aws:states:<region>:<account>:execution:<stateMachine>:<name>); a journaled execution needs one.`);
  }
}

export interface ExecutionIdentity {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly executionName: string;
}

/** The execution and state machine an execution ARN names. */
export function executionIdentity(executionArn: string): ExecutionIdentity {
  const parts = parseExecutionArn(executionArn);
  if (parts === undefined) throw new NotAnExecutionArnError(executionArn);
  return { executionArn, stateMachineArn: stateMachineArn(parts, parts.stateMachineName), stateMachineName: parts.stateMachineName, executionName: parts.executionName };
}
