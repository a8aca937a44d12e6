import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_AWS_LOCATION, PROCESSING_STATE_MACHINE, PROCESSING_STATE_MACHINE_NAME, executionArn, substituteDefinition } from '@datamaster/lake-contract';
import { runLocally, type JsonValue, type LocalTaskHandler } from '@datamaster/orchestration';
import { FileExecutionJournal, type HistoryEvent } from '@datamaster/orchestration/journal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_SUBSTITUTIONS } from '../src/run-processing.js';
import { stagesOf, UnfinishedStageError } from './journal-stages.js';

const definition = substituteDefinition(PROCESSING_STATE_MACHINE, LOCAL_SUBSTITUTIONS);
const input = { silverTables: ['beer', 'review'], derivedSilverTables: ['review_flat'], goldTables: ['top_drinkers', 'top_beers_by_rating'] };
const JOB_MS = 60;

let dir: string;
beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'journal-stages-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

/** Runs the processing state machine with stand-in tasks (silver.beer has nothing to do) and reads its journaled history. */
async function journaledHistory(): Promise<readonly HistoryEvent[]> {
  const journal = new FileExecutionJournal(dir);
  const executionId = executionArn(LOCAL_AWS_LOCATION, PROCESSING_STATE_MACHINE_NAME, 'stages-test');
  const payload = (request: JsonValue) => (request as { Payload: { layer: string; table: string } }).Payload;
  const claim: LocalTaskHandler = (request) => {
    const { layer, table } = payload(request);
    const status = `${layer}.${table}` === 'silver.beer' ? 'nothing-to-do' : 'claimed';
    return { Payload: { ref: `${layer}.${table}`, status, workKey: `work/${layer}/${table}/w.json`, recovered: 0, held: [] } };
  };
  const job: LocalTaskHandler = () => new Promise((resolve) => setTimeout(() => resolve({}), JOB_MS));
  const settle: LocalTaskHandler = (request) => ({ Payload: { ref: `${payload(request).layer}.${payload(request).table}` } });
  const handlers = Object.fromEntries(['Silver', 'DerivedSilver', 'Gold'].flatMap((s) => [[`Claim${s}Work`, claim], [`Run${s}Job`, job], [`Settle${s}Work`, settle], [`Fail${s}Work`, settle]]));
  const execution = await runLocally(definition, input, { executionId, handlers, journal });
  expect(execution.status).toBe('SUCCEEDED');
  return (await journal.execution(executionId))?.history ?? [];
}

describe('the stages of a processing run, from its journaled history', () => {
  it('are the Map states in turn, each with the tables it handled and lasting at least its jobs', async () => {
    const history = await journaledHistory();
    const stages = stagesOf(history);
    expect(stages.map((s) => [s.name, s.refs])).toEqual([
      ['MergeSilverTables', ['silver.beer', 'silver.review']],
      ['BuildDerivedSilverTables', ['silver.review_flat']],
      ['RecomputeGoldTables', ['gold.top_drinkers', 'gold.top_beers_by_rating']],
    ]);
    for (const stage of stages) expect(stage.endMs - stage.startMs).toBeGreaterThanOrEqual(JOB_MS - 5);
    for (const [before, after] of stages.slice(0, -1).map((s, i) => [s, stages[i + 1]] as const)) expect(after?.startMs).toBeGreaterThanOrEqual(before.endMs);
    expect(stages[0]?.startMs).toBeGreaterThanOrEqual(Date.parse(history[0]?.timestamp ?? ''));
  });

  it('refuses a history that entered a Map state and never left it', async () => {
    const history = await journaledHistory();
    const lastExit = history.findLastIndex((e) => e.type === 'MapStateExited');
    expect(() => stagesOf(history.slice(0, lastExit))).toThrow(new UnfinishedStageError('RecomputeGoldTables'));
  });
});
