// The local runner's event log as Step Functions' execution history: the events Step Functions would record for the
// same run, numbered and chained as it does. Runner events with no Step Functions counterpart (retries, catches,
// Parallel branches, a failure inside a Pass or Choice state) are left out; Step Functions' own Task and Map
// bookkeeping (TaskScheduled, MapStateStarted, …) has no runner event and is not made up.
import type { StateMachine } from 'aws-local-stepfunctions';
import type { AslDefinition } from '@datamaster/lake-contract';
import type { HistoryEvent } from './execution-journal.js';

/** One event of aws-local-stepfunctions' log (the package does not export the type). */
export type RunnerEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

type EventBody = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>;

const WHOLE = { truncated: false } as const;
const ROOT_SCOPE = 'execution';

const json = (value: unknown): string => JSON.stringify(value ?? null);
const text = (cause: unknown): string => (typeof cause === 'string' ? cause : json(cause));

/** A state of the definition by name, looked for in Map item processors and Parallel branches too. */
function findState(definition: AslDefinition, name: string): Record<string, unknown> | undefined {
  const here = definition.States[name];
  if (here !== undefined) return here as Record<string, unknown>;
  for (const state of Object.values(definition.States) as { ItemProcessor?: AslDefinition; Iterator?: AslDefinition; Branches?: AslDefinition[] }[]) {
    for (const nested of [state.ItemProcessor, state.Iterator, ...(state.Branches ?? [])]) {
      const found = nested === undefined ? undefined : findState(nested, name);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * A Task's resource as TaskFailed names it: an optimized integration `arn:aws:states:::lambda:invoke` is type
 * "lambda", resource "invoke"; any other ARN is its service and the ARN itself.
 */
function taskResource(definition: AslDefinition, stateName: string): { resourceType: string; resource: string } {
  const arn = String(findState(definition, stateName)?.['Resource'] ?? '');
  const integration = /^arn:aws:states:::([^:]+):(.+)$/.exec(arn);
  if (integration) return { resourceType: integration[1] as string, resource: integration[2] as string };
  return { resourceType: arn.split(':')[2] ?? '', resource: arn };
}

function body(event: RunnerEvent, definition: AslDefinition): EventBody | undefined {
  switch (event.type) {
    case 'ExecutionStarted':
      return { type: 'ExecutionStarted', executionStartedEventDetails: { input: json(event.input), inputDetails: WHOLE } };
    case 'ExecutionSucceeded':
      return { type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: json(event.output), outputDetails: WHOLE } };
    case 'ExecutionFailed':
      return { type: 'ExecutionFailed', executionFailedEventDetails: { error: event.Error, cause: text(event.Cause) } };
    case 'ExecutionAborted':
      return { type: 'ExecutionAborted' };
    case 'ExecutionTimeout':
      return { type: 'ExecutionTimedOut' };
    case 'StateEntered':
      return { type: `${event.state.type}StateEntered`, stateEnteredEventDetails: { name: event.state.name, input: json(event.state.input), inputDetails: WHOLE } };
    case 'StateExited':
      // A Fail state ends the execution: Step Functions records no FailStateExited.
      if (event.state.type === 'Fail') return undefined;
      return { type: `${event.state.type}StateExited`, stateExitedEventDetails: { name: event.state.name, output: json(event.state.output), outputDetails: WHOLE } };
    case 'StateFailed':
      if (event.state.type === 'Task') return { type: 'TaskFailed', taskFailedEventDetails: { ...taskResource(definition, event.state.name), error: event.Error, cause: text(event.Cause) } };
      if (event.state.type === 'Map') return { type: 'MapStateFailed' };
      if (event.state.type === 'Parallel') return { type: 'ParallelStateFailed' };
      return undefined;
    case 'MapIterationStarted':
      return { type: 'MapIterationStarted', mapIterationStartedEventDetails: { name: event.parentState.name, index: event.index } };
    case 'MapIterationSucceeded':
      return { type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: { name: event.parentState.name, index: event.index } };
    case 'MapIterationFailed':
      return { type: 'MapIterationFailed', mapIterationFailedEventDetails: { name: event.parentState.name, index: event.index } };
    default:
      return undefined;
  }
}

/**
 * The chain an event belongs to: a Map iteration's own events follow each other, the execution's follow the
 * execution's. The runner tags an iteration's events with its index only, so iterations of two Maps running at
 * once (a Map in a Parallel branch, or nested) would share a chain; the platform's machines run one Map at a time.
 */
const scopeOf = (event: RunnerEvent): string => ('index' in event && event.index !== undefined ? `iteration ${event.index}` : ROOT_SCOPE);

/** The history of a run from its event log, in time order, ids from 1, each event chained to the one it follows. */
export function toHistoryEvents(log: readonly RunnerEvent[], definition: AslDefinition): HistoryEvent[] {
  // The runner logs concurrent iterations' events a little out of time order; a stable sort keeps each chain's order.
  const ordered = [...log].sort((a, b) => a.timestamp - b.timestamp);
  const history: HistoryEvent[] = [];
  const lastIn = new Map<string, number>();
  for (const event of ordered) {
    const converted = body(event, definition);
    if (converted === undefined) continue;
    const scope = scopeOf(event);
    // An iteration starts from the Map state that started it, not from an earlier Map's iteration of the same index.
    const previousEventId = (event.type === 'MapIterationStarted' ? undefined : lastIn.get(scope)) ?? lastIn.get(ROOT_SCOPE) ?? 0;
    const id = history.length + 1;
    history.push({ id, previousEventId, timestamp: new Date(event.timestamp).toISOString(), ...converted });
    lastIn.set(scope, id);
  }
  return history;
}
