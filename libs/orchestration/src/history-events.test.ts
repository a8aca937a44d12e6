import { describe, expect, it } from 'vitest';
import type { AslDefinition } from '@datamaster/lake-contract';
import { toHistoryEvents, type RunnerEvent } from './history-events.js';

const definition: AslDefinition = {
  StartAt: 'Choose',
  States: {
    Choose: { Type: 'Choice', Choices: [], Default: 'Work' },
    Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Tables' },
    Tables: {
      Type: 'Map',
      ItemProcessor: { StartAt: 'Job', States: { Job: { Type: 'Task', Resource: 'arn:aws:states:::emr-serverless:startJobRun.sync', End: true } } },
      Next: 'More',
    },
    More: { Type: 'Map', ItemProcessor: { StartAt: 'Step', States: { Step: { Type: 'Pass', End: true } } }, Next: 'Direct' },
    Direct: { Type: 'Task', Resource: 'arn:aws:lambda:eu-west-1:123456789012:function:direct', Next: 'Failed' },
    Failed: { Type: 'Fail', Error: 'IngestionFailed', Cause: 'the worker failed' },
  },
};

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const at = (ms: number) => T0 + ms;
const state = (name: string, type: string, input: unknown, output?: unknown) => ({ name, type, input, ...(output === undefined ? {} : { output }) }) as never;

describe('the runner event log as Step Functions history', () => {
  it('numbers the events from 1, chains each to the one before, and carries inputs and outputs as JSON text', () => {
    const log: RunnerEvent[] = [
      { type: 'ExecutionStarted', timestamp: at(0), input: { recordId: 'r1' } },
      { type: 'StateEntered', timestamp: at(1), state: state('Choose', 'Choice', { recordId: 'r1' }) },
      { type: 'StateExited', timestamp: at(2), state: state('Choose', 'Choice', { recordId: 'r1' }, { recordId: 'r1' }) },
      { type: 'StateEntered', timestamp: at(3), state: state('Work', 'Task', { recordId: 'r1' }) },
      { type: 'StateExited', timestamp: at(4), state: state('Work', 'Task', { recordId: 'r1' }, { done: true }) },
      { type: 'ExecutionSucceeded', timestamp: at(5), output: { done: true } },
    ];
    expect(toHistoryEvents(log, definition)).toEqual([
      { id: 1, previousEventId: 0, timestamp: '2026-03-01T10:00:00.000Z', type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"recordId":"r1"}', inputDetails: { truncated: false } } },
      { id: 2, previousEventId: 1, timestamp: '2026-03-01T10:00:00.001Z', type: 'ChoiceStateEntered', stateEnteredEventDetails: { name: 'Choose', input: '{"recordId":"r1"}', inputDetails: { truncated: false } } },
      { id: 3, previousEventId: 2, timestamp: '2026-03-01T10:00:00.002Z', type: 'ChoiceStateExited', stateExitedEventDetails: { name: 'Choose', output: '{"recordId":"r1"}', outputDetails: { truncated: false } } },
      { id: 4, previousEventId: 3, timestamp: '2026-03-01T10:00:00.003Z', type: 'TaskStateEntered', stateEnteredEventDetails: { name: 'Work', input: '{"recordId":"r1"}', inputDetails: { truncated: false } } },
      { id: 5, previousEventId: 4, timestamp: '2026-03-01T10:00:00.004Z', type: 'TaskStateExited', stateExitedEventDetails: { name: 'Work', output: '{"done":true}', outputDetails: { truncated: false } } },
      { id: 6, previousEventId: 5, timestamp: '2026-03-01T10:00:00.005Z', type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"done":true}', outputDetails: { truncated: false } } },
    ]);
  });

  it('records each failed Task attempt as TaskFailed with its resource, and leaves out retries, catches and the Fail state\'s own failure', () => {
    const retry = { retrier: { ErrorEquals: ['States.ALL'] }, attempt: 1 } as never;
    const log: RunnerEvent[] = [
      { type: 'ExecutionStarted', timestamp: at(0), input: {} },
      { type: 'StateEntered', timestamp: at(1), state: state('Work', 'Task', {}) },
      { type: 'StateFailed', timestamp: at(2), state: state('Work', 'Task', {}), Error: 'Lambda.TooManyRequestsException', Cause: 'Rate exceeded' },
      { type: 'StateRetried', timestamp: at(3), state: state('Work', 'Task', {}), retry },
      { type: 'StateFailed', timestamp: at(4), state: state('Work', 'Task', {}), Error: 'Lambda.TooManyRequestsException', Cause: { reason: 'Rate exceeded' } },
      { type: 'StateCaught', timestamp: at(5), state: state('Work', 'Task', {}), catch: { catcher: { ErrorEquals: ['States.ALL'], Next: 'Direct' } } } as never,
      { type: 'StateExited', timestamp: at(6), state: state('Work', 'Task', {}, { error: {} }) },
      { type: 'StateEntered', timestamp: at(7), state: state('Direct', 'Task', {}) },
      { type: 'StateFailed', timestamp: at(8), state: state('Direct', 'Task', {}), Error: 'Boom', Cause: 'direct call failed' },
      { type: 'StateEntered', timestamp: at(9), state: state('Failed', 'Fail', {}) },
      { type: 'StateFailed', timestamp: at(10), state: state('Failed', 'Fail', {}), Error: 'IngestionFailed', Cause: 'the worker failed' },
      { type: 'StateExited', timestamp: at(10), state: state('Failed', 'Fail', {}, {}) },
      { type: 'ExecutionFailed', timestamp: at(11), Error: 'IngestionFailed', Cause: 'the worker failed' },
    ];
    const history = toHistoryEvents(log, definition);
    expect(history.map((e) => e.type)).toEqual(['ExecutionStarted', 'TaskStateEntered', 'TaskFailed', 'TaskFailed', 'TaskStateExited', 'TaskStateEntered', 'TaskFailed', 'FailStateEntered', 'ExecutionFailed']);
    expect(history[2]?.taskFailedEventDetails).toEqual({ resourceType: 'lambda', resource: 'invoke', error: 'Lambda.TooManyRequestsException', cause: 'Rate exceeded' });
    expect(history[3]?.taskFailedEventDetails?.cause).toBe('{"reason":"Rate exceeded"}');
    expect(history[6]?.taskFailedEventDetails).toMatchObject({ resourceType: 'lambda', resource: 'arn:aws:lambda:eu-west-1:123456789012:function:direct', error: 'Boom' });
    expect(history.at(-1)).toMatchObject({ id: 9, previousEventId: 8, executionFailedEventDetails: { error: 'IngestionFailed', cause: 'the worker failed' } });
  });

  it('chains each Map iteration\'s events to the iteration, puts them in time order, and starts a later Map\'s iterations from that Map', () => {
    const log: RunnerEvent[] = [
      { type: 'ExecutionStarted', timestamp: at(0), input: {} },
      { type: 'StateEntered', timestamp: at(1), state: state('Tables', 'Map', {}) },
      { type: 'MapIterationStarted', timestamp: at(2), parentState: state('Tables', 'Map', {}), index: 0 },
      { type: 'MapIterationStarted', timestamp: at(2), parentState: state('Tables', 'Map', {}), index: 1 },
      { type: 'StateEntered', timestamp: at(3), state: state('Job', 'Task', 'beer'), index: 0 },
      { type: 'StateEntered', timestamp: at(3), state: state('Job', 'Task', 'review'), index: 1 },
      // logged before iteration 0's exit although it happened after it
      { type: 'StateFailed', timestamp: at(5), state: state('Job', 'Task', 'review'), index: 1, Error: 'JobFailed', Cause: 'bad file' },
      { type: 'StateExited', timestamp: at(4), state: state('Job', 'Task', 'beer', 'ok'), index: 0 },
      { type: 'MapIterationSucceeded', timestamp: at(6), parentState: state('Tables', 'Map', {}), index: 0 },
      { type: 'MapIterationFailed', timestamp: at(6), parentState: state('Tables', 'Map', {}), index: 1, Error: 'JobFailed', Cause: 'bad file' },
      { type: 'StateFailed', timestamp: at(7), state: state('Tables', 'Map', {}), Error: 'JobFailed', Cause: 'bad file' },
      { type: 'StateEntered', timestamp: at(8), state: state('More', 'Map', {}) },
      { type: 'MapIterationStarted', timestamp: at(9), parentState: state('More', 'Map', {}), index: 0 },
      { type: 'StateEntered', timestamp: at(10), state: state('Step', 'Pass', 1), index: 0 },
      { type: 'ExecutionTimeout', timestamp: at(11) },
    ];
    const history = toHistoryEvents(log, definition);
    const summary = history.map((e) => [e.id, e.previousEventId, e.type, e.stateEnteredEventDetails?.input ?? e.mapIterationStartedEventDetails?.index ?? '']);
    expect(summary).toEqual([
      [1, 0, 'ExecutionStarted', ''],
      [2, 1, 'MapStateEntered', '{}'],
      [3, 2, 'MapIterationStarted', 0],
      [4, 2, 'MapIterationStarted', 1],
      [5, 3, 'TaskStateEntered', '"beer"'],
      [6, 4, 'TaskStateEntered', '"review"'],
      [7, 5, 'TaskStateExited', ''],
      [8, 6, 'TaskFailed', ''],
      [9, 7, 'MapIterationSucceeded', ''],
      [10, 8, 'MapIterationFailed', ''],
      [11, 2, 'MapStateFailed', ''],
      [12, 11, 'MapStateEntered', '{}'],
      [13, 12, 'MapIterationStarted', 0],
      [14, 13, 'PassStateEntered', '1'],
      [15, 12, 'ExecutionTimedOut', ''],
    ]);
    expect(history[7]?.taskFailedEventDetails).toMatchObject({ resourceType: 'emr-serverless', resource: 'startJobRun.sync' });
    expect(history[9]?.mapIterationFailedEventDetails).toEqual({ name: 'Tables', index: 1 });
  });
});
