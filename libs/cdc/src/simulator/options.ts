import { SEED_TABLES, type SeedTable } from '@datamaster/seed-data';

export const SIMULATED_OPERATIONS = ['insert', 'update', 'delete'] as const;
export type SimulatedOperation = (typeof SIMULATED_OPERATIONS)[number];

/** Relative weights of operations and of tables; each set is normalised, a weight of 0 turns a choice off. */
export interface ChangeMix {
  readonly operations: Readonly<Record<SimulatedOperation, number>>;
  readonly tables: Readonly<Record<SeedTable, number>>;
}

export interface ChangeMixInput {
  readonly operations?: Partial<Record<SimulatedOperation, number>>;
  readonly tables?: Partial<Record<SeedTable, number>>;
}

/** Mostly new reviews; some edits; few deletes, as a review site's database sees them. */
export const DEFAULT_CHANGE_MIX: ChangeMix = {
  operations: { insert: 0.7, update: 0.2, delete: 0.1 },
  tables: { brewery: 0.02, beer: 0.05, profile: 0.08, review: 0.85 },
};

/** Changes to keys that already exist and nothing else: the "second wave" after an initial load. */
export const SECOND_WAVE_MIX: ChangeMixInput = { operations: { insert: 0, update: 2, delete: 1 } };

export interface ChangeSimulatorOptions {
  /** The same seed (a safe integer) gives the same records. */
  readonly seed: number;
  /** The seed dataset's scale: which ids already exist (seedRowCounts(scale)), and so where new ids start. */
  readonly scale: number;
  /** The simulated clock's start (ms since the epoch, or a Date). */
  readonly startTime: number | Date;
  /** Simulated changes per second: record i happens at startTime + i / rps. Default 10; simulate() sets its own. */
  readonly rps?: number;
  readonly mix?: ChangeMixInput;
}

/** An option of the change simulator is out of its domain. */
export class InvalidSimulatorOptionError extends Error {
  override readonly name = 'InvalidSimulatorOptionError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`Invalid change simulator option ${option}=${JSON.stringify(value) ?? String(value)}: expected ${expected}.`);
  }
}

export function validateRps(rps: unknown, option = 'rps'): number {
  if (typeof rps !== 'number' || !Number.isFinite(rps) || rps <= 0) throw new InvalidSimulatorOptionError(option, rps, 'a positive number of changes per second');
  return rps;
}

export function validateStartTime(startTime: unknown): number {
  const ms = startTime instanceof Date ? startTime.getTime() : startTime;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new InvalidSimulatorOptionError('startTime', startTime, 'a Date or ms since the epoch');
  return Math.floor(ms);
}

/** The mix with defaults filled in; every weight must be ≥ 0 and each set must have one above 0. */
export function resolveMix(input: ChangeMixInput | undefined, base: ChangeMix = DEFAULT_CHANGE_MIX): ChangeMix {
  const operations = { ...base.operations, ...input?.operations };
  const tables = { ...base.tables, ...input?.tables };
  checkWeights('mix.operations', operations, SIMULATED_OPERATIONS);
  checkWeights('mix.tables', tables, SEED_TABLES);
  return { operations, tables };
}

function checkWeights(option: string, weights: Readonly<Record<string, unknown>>, names: readonly string[]): void {
  for (const name of Object.keys(weights)) {
    const weight = weights[name];
    if (!names.includes(name)) throw new InvalidSimulatorOptionError(`${option}.${name}`, weight, `one of ${names.join(', ')}`);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw new InvalidSimulatorOptionError(`${option}.${name}`, weight, 'a weight ≥ 0');
  }
  if (!names.some((name) => (weights[name] as number) > 0)) throw new InvalidSimulatorOptionError(option, weights, 'at least one weight above 0');
}
