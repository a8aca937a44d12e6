// Runs an ASL definition on this machine with aws-local-stepfunctions: the same file AWS runs,
// with each Task state mapped to a local handler instead of a Lambda/ECS call.
import './promise-with-resolvers.js';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { parseExecutionArn, stateMachineArn, type AslDefinition } from '@datamaster/lake-contract';
import type { ExecutionJournal } from './execution-journal.js';
import type { RunnerEvent } from './history-events.js';
import { JournalEntry } from './journal-entry.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A Task state's local stand-in: gets the state's effective input (after Parameters). */
export type LocalTaskHandler = (input: JsonValue) => Promise<JsonValue> | JsonValue;

export interface LocalExecution {
  readonly executionId: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: JsonValue;
  /** For a failed execution: the Fail state's error and cause (or the uncaught error). */
  readonly error?: { readonly error: string; readonly cause: string };
  /** The states entered, in order (what the Step Functions console would show). */
  readonly statesEntered: readonly string[];
}

export interface LocalRunOptions {
  readonly executionId: string;
  /** One handler per Task state name of the definition. */
  readonly handlers: Readonly<Record<string, LocalTaskHandler>>;
  /** Milliseconds between retries per state, instead of the definition's seconds (keeps local runs quick). */
  readonly retryIntervalMs?: number;
  /** Where the execution is recorded as it starts and as it ends, with its history; `executionId` must then be an execution ARN. */
  readonly journal?: ExecutionJournal;
}

/** Thrown when a definition's Task state has no local handler: it would otherwise call real AWS. */
export class MissingLocalHandlerError extends Error {
  override readonly name = 'MissingLocalHandlerError';
  constructor(readonly states: readonly string[]) {
    super(`No local handler for Task state(s) ${states.join(', ')}; the local runner never calls AWS.`);
  }
}


/** Every Task state, including those inside Map item processors and Parallel branches. */
function taskStates(definition: { readonly States: Record<string, unknown> }): string[] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const { Type, ItemProcessor, Iterator, Branches } = state as { Type?: string; ItemProcessor?: AslDefinition; Iterator?: AslDefinition; Branches?: AslDefinition[] };
    if (Type === 'Task') return [name];
    const nested = [ItemProcessor, Iterator, ...(Branches ?? [])].filter((d): d is AslDefinition => d !== undefined);
    return nested.flatMap(taskStates);
  });
}

/** Thrown for a definition that is not valid ASL; the message is the validator's, naming each problem. */
export class InvalidStateMachineError extends Error {
  override readonly name = 'InvalidStateMachineError';
}

/** Validates a definition as Step Functions would before running it (ASL schema, JSONPaths, ARNs). */
export function validateDefinition(definition: AslDefinition): void {
  try {
    new StateMachine(definition as never);
  } catch (error) {
    throw new InvalidStateMachineError(`Not a valid state machine definition: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function runLocally(definition: AslDefinition, input: JsonValue, options: LocalRunOptions): Promise<LocalExecution> {
  const missing = taskStates(definition).filter((name) => !options.handlers[name]);
  if (missing.length > 0) throw new MissingLocalHandlerError(missing);
  const journal = options.journal === undefined ? undefined : new JournalEntry(options.journal, options.executionId, definition, input);
  await journal?.started();
  // Not validated here: it costs about 0.4 s of every command, and the definitions run here are the contract's
  // files, which the state machine tests validate (validateDefinition) with every placeholder filled in.
  const machine = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
  const retryIntervalOverrides = Object.fromEntries(taskStates(definition).map((name) => [name, options.retryIntervalMs ?? 0]));
  const handlers = Object.fromEntries(Object.entries(options.handlers).map(([name, handler]) => [name, failingWithMessage(handler)]));
  const execution = machine.run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides },
    context: contextObject(options.executionId, input, journal?.startDate ?? new Date()) as never,
  });
  const log: RunnerEvent[] = [];
  const collecting = (async () => {
    for await (const event of execution.eventLogs) log.push(event);
  })();
  const statesEntered = () => log.flatMap((event) => (event.type === 'StateEntered' ? [event.state.name] : []));
  let ended: LocalExecution;
  try {
    const output = (await execution.result) as JsonValue;
    await collecting;
    ended = { executionId: options.executionId, status: 'SUCCEEDED', output, statesEntered: statesEntered() };
  } catch (error) {
    await collecting;
    if (!(error instanceof ExecutionError)) {
      await journal?.ended({ status: 'FAILED', error: { error: (error as Error).name ?? 'Error', cause: String((error as Error).message ?? error) } }, log);
      throw error;
    }
    const cause = (error as { cause?: { name?: string; message?: string; cause?: unknown } }).cause;
    ended = {
      executionId: options.executionId,
      status: 'FAILED',
      error: { error: cause?.name ?? 'States.Runtime', cause: cause?.message ?? error.message },
      statesEntered: statesEntered(),
    };
  }
  await journal?.ended(ended, log);
  return ended;
}

/**
 * The handler, failing with an error that has no `cause`: the runner logs a failed state's Cause as the error's
 * `cause` when it has one (an object), where Step Functions has one Cause, the text the Catch passes on: the message.
 */
function failingWithMessage(handler: LocalTaskHandler): LocalTaskHandler {
  return async (input) => {
    try {
      return await handler(input);
    } catch (error) {
      if (!(error instanceof Error) || error.cause === undefined) throw error;
      throw Object.assign(new Error(error.message), { name: error.name });
    }
  };
}

/** The context object ($$) Step Functions gives an execution; an ARN id also names its state machine. */
function contextObject(executionId: string, input: JsonValue, startDate: Date): Record<string, unknown> {
  const execution = { Id: executionId, Name: executionId.split(':').pop() ?? executionId, Input: input, StartTime: startDate.toISOString() };
  const parts = parseExecutionArn(executionId);
  if (parts === undefined) return { Execution: execution };
  return { Execution: execution, StateMachine: { Id: stateMachineArn(parts, parts.stateMachineName), Name: parts.stateMachineName } };
}
