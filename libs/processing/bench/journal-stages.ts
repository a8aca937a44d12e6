// The stages of a processing run, read from its execution history in the lake home's journal (the events Step
// Functions' GetExecutionHistory lists): each top-level Map state of the processing state machine is a stage
// (silver's source tables, then review_flat, then gold), with when it was entered and left and the tables its
// iterations handled. Stages follow one another; the jobs inside a stage may run side by side (the Map's
// MaxConcurrency), so a stage is the finest span whose memory and CPU are its own.
import type { HistoryEvent } from '@datamaster/orchestration/journal';

export interface StageSpan {
  /** The Map state's name, e.g. MergeSilverTables. */
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  /** The tables its iterations handled ("silver.beer"), in the order they were entered. */
  readonly refs: readonly string[];
}

/** Thrown for a history whose Map state was entered and never left: the execution did not end well. */
export class UnfinishedStageError extends Error {
  override readonly name = 'UnfinishedStageError';
  constructor(readonly stage: string) {
    super(`The processing execution entered its Map state ${stage} and never left it; only a run that succeeded can be measured.`);
  }
}

/** The "layer.table" a state's input names, if it names one (the claim, job and settle tasks' inputs do). */
function refOf(input: string): string | undefined {
  try {
    const { layer, table } = JSON.parse(input) as { layer?: unknown; table?: unknown };
    return typeof layer === 'string' && typeof table === 'string' ? `${layer}.${table}` : undefined;
  } catch {
    return undefined;
  }
}

export function stagesOf(history: readonly HistoryEvent[]): StageSpan[] {
  const stages: StageSpan[] = [];
  let open: { name: string; startMs: number; refs: Set<string> } | undefined;
  for (const event of history) {
    const atMs = Date.parse(event.timestamp);
    if (open === undefined) {
      if (event.type === 'MapStateEntered' && event.stateEnteredEventDetails !== undefined) open = { name: event.stateEnteredEventDetails.name, startMs: atMs, refs: new Set() };
      continue;
    }
    if (event.type === 'MapStateExited' && event.stateExitedEventDetails?.name === open.name) {
      stages.push({ name: open.name, startMs: open.startMs, endMs: atMs, refs: [...open.refs] });
      open = undefined;
      continue;
    }
    const ref = event.stateEnteredEventDetails === undefined ? undefined : refOf(event.stateEnteredEventDetails.input);
    if (ref !== undefined) open.refs.add(ref);
  }
  if (open !== undefined) throw new UnfinishedStageError(open.name);
  return stages;
}
