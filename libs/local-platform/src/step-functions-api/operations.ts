// The Step Functions operations the local API serves, read from the execution journal: the platform's two state
// machines (always listed, as the stack always deploys them) and the executions the local runs recorded. Requests
// and answers are the API's JSON, dates as epoch seconds.
import { LOCAL_AWS_LOCATION, PLATFORM_STATE_MACHINES, parseExecutionArn, parseStateMachineArn, stateMachineArn, type PlatformStateMachine } from '@datamaster/lake-contract';
import type { ExecutionJournal, ExecutionStatus, ExecutionSummary, HistoryEvent } from '@datamaster/orchestration/journal';
import { StepFunctionsApiError, validationError } from './api-error.js';
import { pageOf, type PageRequest } from './pages.js';

type Request = Record<string, unknown> & PageRequest;
export type Operation = (request: Request) => Promise<Record<string, unknown>>;

const STATUSES: readonly ExecutionStatus[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

const epochSeconds = (iso: string): number => Date.parse(iso) / 1000;

function requiredString(request: Request, field: string): string {
  const value = request[field];
  if (typeof value !== 'string' || value === '') throw validationError(field, value ?? null, 'Member must not be null');
  return value;
}

function summary(execution: ExecutionSummary): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    ...(execution.stopDate === undefined ? {} : { stopDate: epochSeconds(execution.stopDate) }),
  };
}

const historyEvent = (event: HistoryEvent): Record<string, unknown> => ({ ...event, timestamp: epochSeconds(event.timestamp) });

/** Newest first, as the journal lists them: a cursor is reached by the executions not newer than it. */
const executionCursor = {
  of: (e: ExecutionSummary): [string, string] => [e.startDate, e.name],
  reached: (e: ExecutionSummary, [startDate, name]: [string, string]) => e.startDate < startDate || (e.startDate === startDate && e.name <= name),
  valid: (value: unknown): value is [string, string] => Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === 'string'),
};

/** By event id, either way. */
const eventCursor = (reverse: boolean) => ({
  of: (e: HistoryEvent): number => e.id,
  reached: (e: HistoryEvent, id: number) => (reverse ? e.id <= id : e.id >= id),
  valid: (value: unknown): value is number => Number.isInteger(value),
});

const machineCursor = {
  of: (m: PlatformStateMachine): string => m.name,
  reached: (m: PlatformStateMachine, name: string) => m.name >= name,
  valid: (value: unknown): value is string => typeof value === 'string',
};

export interface OperationsOptions {
  /** Given as the creation date of a state machine that has not run yet in this journal. */
  readonly startedAt: Date;
}

/** Every operation the local API serves, by its name in `X-Amz-Target: AWSStepFunctions.<name>`. */
export function stepFunctionsOperations(journal: ExecutionJournal, options: OperationsOptions): Readonly<Record<string, Operation>> {
  const machines = [...PLATFORM_STATE_MACHINES].sort((a, b) => a.name.localeCompare(b.name));
  const arnOf = (machine: PlatformStateMachine) => stateMachineArn(LOCAL_AWS_LOCATION, machine.name);

  const machineOf = (request: Request): PlatformStateMachine => {
    const arn = requiredString(request, 'stateMachineArn');
    if (parseStateMachineArn(arn) === undefined) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const machine = machines.find((m) => arnOf(m) === arn);
    if (machine === undefined) throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  };

  const executionOf = async (request: Request) => {
    const arn = requiredString(request, 'executionArn');
    if (parseExecutionArn(arn) === undefined) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const execution = await journal.execution(arn);
    if (execution === undefined) throw new StepFunctionsApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  };

  const creationDate = async (machine: PlatformStateMachine) => ((await journal.firstRecorded(arnOf(machine))) ?? options.startedAt).getTime() / 1000;

  return {
    async ListStateMachines(request) {
      const page = pageOf(machines, request, machineCursor);
      const stateMachines = await Promise.all(page.items.map(async (m) => ({ stateMachineArn: arnOf(m), name: m.name, type: 'STANDARD', creationDate: await creationDate(m) })));
      return { stateMachines, ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }) };
    },

    async DescribeStateMachine(request) {
      const machine = machineOf(request);
      return {
        stateMachineArn: arnOf(machine),
        name: machine.name,
        status: 'ACTIVE',
        type: 'STANDARD',
        definition: JSON.stringify(machine.definition, null, 2),
        creationDate: await creationDate(machine),
      };
    },

    async ListExecutions(request) {
      if (request['mapRunArn'] !== undefined) throw validationError('mapRunArn', request['mapRunArn'], 'Member is not supported by the local Step Functions API (it runs no distributed Map)');
      const machine = machineOf(request);
      const statusFilter = request['statusFilter'];
      if (statusFilter !== undefined && !STATUSES.includes(statusFilter as ExecutionStatus)) throw validationError('statusFilter', statusFilter, `Member must satisfy enum value set: [${STATUSES.join(', ')}]`);
      const executions = (await journal.executions(arnOf(machine))).filter((e) => statusFilter === undefined || e.status === statusFilter);
      const page = pageOf(executions, request, executionCursor);
      return { executions: page.items.map(summary), ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }) };
    },

    async DescribeExecution(request) {
      const execution = await executionOf(request);
      return {
        ...summary(execution),
        input: execution.input,
        inputDetails: { included: true },
        ...(execution.output === undefined ? {} : { output: execution.output, outputDetails: { included: true } }),
        ...(execution.error === undefined ? {} : { error: execution.error }),
        ...(execution.cause === undefined ? {} : { cause: execution.cause }),
      };
    },

    async GetExecutionHistory(request) {
      const execution = await executionOf(request);
      const reverse = request['reverseOrder'] === true;
      const events = reverse ? [...execution.history].reverse() : execution.history;
      const page = pageOf(events, request, eventCursor(reverse));
      return { events: page.items.map(historyEvent), ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }) };
    },
  };
}
