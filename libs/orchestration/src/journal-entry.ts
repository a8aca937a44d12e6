// One local execution's record in a journal: written as it starts (RUNNING, its input) and again as it ends (its
// status, output or error and cause, stop date and history).
import type { AslDefinition } from '@datamaster/lake-contract';
import { executionIdentity, type ExecutionIdentity, type ExecutionJournal, type ExecutionStatus, type JournaledExecution } from './execution-journal.js';
import { toHistoryEvents, type RunnerEvent } from './history-events.js';
import type { JsonValue, LocalExecution } from './local-runner.js';

const ENDING_EVENTS: ReadonlySet<string> = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionAborted', 'ExecutionTimeout']);

/** The runner reports an aborted or timed-out execution as failed; Step Functions gives each its own status. */
function statusOf(execution: Pick<LocalExecution, 'status'>, log: readonly RunnerEvent[]): ExecutionStatus {
  if (log.some((event) => event.type === 'ExecutionTimeout')) return 'TIMED_OUT';
  if (log.some((event) => event.type === 'ExecutionAborted')) return 'ABORTED';
  return execution.status;
}

export class JournalEntry {
  readonly startDate = new Date();
  private readonly identity: ExecutionIdentity;

  /** Throws NotAnExecutionArnError, before anything runs, when executionId is not an execution ARN. */
  constructor(
    private readonly journal: ExecutionJournal,
    executionId: string,
    private readonly definition: AslDefinition,
    private readonly input: JsonValue,
  ) {
    this.identity = executionIdentity(executionId);
  }

  started(): Promise<void> {
    const log: RunnerEvent[] = [{ type: 'ExecutionStarted', timestamp: this.startDate.getTime(), input: this.input }];
    return this.journal.record(this.entry({ status: 'RUNNING', history: toHistoryEvents(log, this.definition) }));
  }

  /** `log`: the run's event log; an execution that ended on an error of the runner itself gets its ExecutionFailed here. */
  ended(execution: Pick<LocalExecution, 'status' | 'output' | 'error'>, log: readonly RunnerEvent[]): Promise<void> {
    // The execution started when its start was recorded, as on AWS where startDate is ExecutionStarted's timestamp.
    const complete = log.map((event): RunnerEvent => (event.type === 'ExecutionStarted' ? { ...event, timestamp: this.startDate.getTime() } : event));
    if (!complete.some((event) => ENDING_EVENTS.has(event.type))) {
      complete.push({ type: 'ExecutionFailed', timestamp: Date.now(), Error: execution.error?.error ?? 'States.Runtime', Cause: execution.error?.cause ?? '' });
    }
    const history = toHistoryEvents(complete, this.definition);
    return this.journal.record(
      this.entry({
        status: statusOf(execution, log),
        stopDate: history.at(-1)?.timestamp ?? new Date().toISOString(),
        ...(execution.status === 'SUCCEEDED' ? { output: JSON.stringify(execution.output ?? null) } : {}),
        ...(execution.error === undefined ? {} : { error: execution.error.error, cause: execution.error.cause }),
        history,
      }),
    );
  }

  private entry(end: Pick<JournaledExecution, 'status' | 'history'> & Partial<JournaledExecution>): JournaledExecution {
    return {
      executionArn: this.identity.executionArn,
      stateMachineArn: this.identity.stateMachineArn,
      name: this.identity.executionName,
      startDate: this.startDate.toISOString(),
      input: JSON.stringify(this.input),
      ...end,
    };
  }
}
