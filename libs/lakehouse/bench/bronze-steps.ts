// The steps that bring data into bronze with the real ingestion path. They prepare what the processing
// steps measure; their times are reported apart.
import { join } from 'node:path';
import { ChangeSimulator, type DmsDataRecord } from '@datamaster/cdc';
import type { ControlLedger } from '@datamaster/control-ledger';
import { putBatchExtract } from '@datamaster/ingestion';
import { LocalIngestion } from '@datamaster/ingestion/local';
import { generateSeedDataset, SEED_TABLES, seedRowCounts } from '@datamaster/seed-data';
import { bronzeRecordsSince, openBenchPlatform, readState, writeState } from './bench-lake.js';
import { deliverToBronze, type ChangeCounts } from './deliver.js';
import { measured, progress, type Usage } from './measure.js';

/** The wave's size: this share of the seed reviews, as changes (updates and deletes of existing keys). */
export const WAVE_SHARE = 0.1;
/** The wave's simulated source pace: ~150,000 changes commit over 2.5 minutes of source time. */
const WAVE_CHANGES_PER_SECOND = 1000;
const WAVE_BATCH = 10_000;

export interface BronzeStep {
  readonly usage: Usage;
  readonly rawObjects: number;
  /** Bronze rows written, per table. */
  readonly rows: Readonly<Record<string, number>>;
  readonly quarantined: number;
  readonly changes?: ChangeCounts;
}

export async function seedStep(dir: string, scale: number): Promise<{ readonly usage: Usage; readonly rows: Record<string, number> }> {
  const { usage, value } = await measured(() => generateSeedDataset({ outDir: join(dir, 'seed'), scale }));
  return { usage, rows: Object.fromEntries(value.tables.map((t) => [t.table, t.rows])) };
}

/** The four batch extracts, as `datamaster ingest` lands them: raw/ → ledger → ingestion state machine → bronze. */
export async function loadStep(dir: string, scale: number): Promise<BronzeStep> {
  const since = new Date().toISOString();
  const platform = await openBenchPlatform(dir);
  try {
    const ingestion = new LocalIngestion({ store: platform.store, ledger: platform.ledger, maskingKey: platform.maskingKey });
    const { usage } = await measured(async () => {
      for (const table of SEED_TABLES) {
        const landed = await putBatchExtract({ store: platform.store, file: join(dir, 'seed', `${table}.csv.gz`), table });
        const record = await ingestion.ingestKey(landed.key);
        progress(`bronze ${table}: ${record.status}, ${(record.rowsOut ?? 0).toLocaleString('en-US')} rows`);
      }
    });
    const step = await bronzeStep(platform.ledger, since, usage);
    // The extracts' change time is their files' time, before now: every later change is newer.
    await writeState(dir, { scale, rows: seedRowCounts(scale), deleted: {}, lastChangeMs: Date.now() });
    return step;
  } finally {
    await platform.close();
  }
}

function* waveBatches(simulator: ChangeSimulator, total: number): Generator<DmsDataRecord[]> {
  for (let done = 0; done < total; done += WAVE_BATCH) yield simulator.secondWave(Math.min(WAVE_BATCH, total - done));
}

/** ~10% of the reviews as updates and deletes (the simulator's second wave), streamed as `datamaster stream` does. */
export async function waveStep(dir: string): Promise<BronzeStep> {
  const state = await readState(dir);
  const since = new Date().toISOString();
  const platform = await openBenchPlatform(dir);
  try {
    const total = Math.round(seedRowCounts(state.scale).review * WAVE_SHARE);
    const simulator = new ChangeSimulator({ seed: 7, scale: state.scale, startTime: Math.max(Date.now(), state.lastChangeMs + 1000), rps: WAVE_CHANGES_PER_SECOND });
    const { usage, value: delivered } = await measured(() => deliverToBronze(platform, waveBatches(simulator, total)));
    progress(`wave: ${delivered.routed.toLocaleString('en-US')} changes in ${delivered.rawObjects} raw objects`);
    const step = await bronzeStep(platform.ledger, since, usage);
    const plus = (counts: Readonly<Record<string, number>>, op: string) =>
      Object.fromEntries(SEED_TABLES.map((t) => [t, (counts[t] ?? 0) + (delivered.changes[t]?.[op] ?? 0)]));
    await writeState(dir, { ...state, rows: plus(state.rows, 'insert'), deleted: plus(state.deleted, 'delete'), lastChangeMs: delivered.lastChangeMs });
    return { ...step, changes: delivered.changes };
  } finally {
    await platform.close();
  }
}

export async function bronzeStep(ledger: ControlLedger, since: string, usage: Usage): Promise<BronzeStep> {
  const records = await bronzeRecordsSince(ledger, since);
  const rows: Record<string, number> = {};
  for (const record of records) rows[record.table] = (rows[record.table] ?? 0) + (record.rowsOut ?? 0);
  return { usage, rawObjects: records.length, rows, quarantined: records.reduce((n, r) => n + (r.rowsQuarantined ?? 0), 0) };
}
