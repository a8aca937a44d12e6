// The steps of `datamaster apply` after the lake opened under the new manifest, in the order that keeps each safe:
// columns dropped, newly masked data rewritten at the sources, derived tables rebuilt, backfills run, masked
// tables' history expired, and the applied state recorded.
import type { ManifestPlan } from '@datamaster/lake-contract';
import type { MaskedColumn, WholeTableRebuild } from '@datamaster/lakehouse';
import type { LakeTables } from '@datamaster/iceberg';
import type { LakeTable, TableRef } from '@datamaster/lake-manifest';
import type { LocalPlatform } from '@datamaster/local-platform';
import type { LocalLakehouse } from '@datamaster/local-platform/lakehouse';
import type { ProcessingContext, ProcessingRun } from '@datamaster/processing';
import type { CommandContext } from '../context.js';
import { openEngine, type EngineName } from '../engines.js';
import { ProcessingFailedError, printJobResult } from '../commands/process.js';
import type { MigrationWork } from '../migrations.js';
import { isSourceTable } from '../pii-rewrite.js';

export interface ApplyRun {
  readonly ctx: CommandContext;
  readonly platform: LocalPlatform;
  readonly lakehouse: LocalLakehouse;
  readonly plan: ManifestPlan;
  readonly masks: ReadonlyMap<TableRef, readonly MaskedColumn[]>;
  readonly migrations: MigrationWork;
  readonly engine: EngineName;
  /** Print progress lines (false under --json). */
  readonly verbose: boolean;
}

export interface MaskedTable {
  readonly ref: string;
  readonly bronzeObjects: number;
  readonly filesRewritten: number;
  readonly snapshotsExpired: number;
}

export interface ApplyOutcome {
  readonly plan: ManifestPlan;
  /** Columns dropped, by table. */
  readonly dropped: Readonly<Record<string, readonly string[]>>;
  /** Tables rebuilt whole under their new declaration (a source's silver table from its bronze changes). */
  readonly rebuilds: readonly WholeTableRebuild[];
  /** The backfills registered, by table, with the partitions each recomputes. */
  readonly backfills: readonly { readonly ref: string; readonly partitions: number; readonly recordId: string }[];
  /** Data rewritten masked, by table: bronze objects, live files replaced, snapshots expired. */
  readonly masked: readonly MaskedTable[];
  readonly run?: ProcessingRun;
}

const say = (run: ApplyRun, line: string) => {
  if (run.verbose) run.ctx.output.line(line);
};

/** The columns the plan drops, by table: gone from the tables' current schemas (older snapshots keep them). */
export async function dropColumns(lake: LakeTables, plan: ManifestPlan): Promise<Record<string, string[]>> {
  const dropped: Record<string, string[]> = {};
  for (const ref of new Set(plan.changes.filter((c) => c.kind === 'column-dropped').map((c) => c.table))) {
    const names = await lake.dropUndeclaredColumns(lake.table(ref));
    if (names.length > 0) dropped[ref] = names;
  }
  return dropped;
}

/** A backfill each for these tables, as ledger work the processing run that follows claims (locally or on AWS). */
export async function registerBackfills(processing: ProcessingContext, refs: Iterable<TableRef>, say: (line: string) => void): Promise<ApplyOutcome['backfills']> {
  const [{ registerBackfill }, { derivedTableSql }] = await Promise.all([import('@datamaster/processing'), import('@datamaster/lake-manifest/transforms')]);
  const backfills = [];
  for (const ref of new Set(refs)) {
    const { record, partitions } = await registerBackfill(processing, processing.lake.table(ref), derivedTableSql(ref));
    backfills.push({ ref, partitions, recordId: record.recordId });
    say(`backfill ${ref}: ${partitions} partition(s) to recompute (ledger record ${record.recordId})`);
  }
  return backfills;
}

/** The tables whose own transform changed (and are not rebuilt whole). */
export const changedTransforms = (plan: ManifestPlan, rebuilt: ReadonlySet<TableRef>): TableRef[] => plan.changes.filter((c) => c.kind === 'transform' && !rebuilt.has(c.table)).map((c) => c.table);

/** A source's bronze objects and silver table, rewritten masked in place (derived tables are recomputed instead). */
async function maskSources(run: ApplyRun): Promise<MaskedTable[]> {
  const { rewriteBronzeMasked, rewriteTableMasked } = await import('@datamaster/lakehouse');
  const masked: MaskedTable[] = [];
  for (const [ref, columns] of run.masks) {
    const table = run.lakehouse.lake.table(ref);
    if (!isSourceTable(table)) continue;
    const bronze = await rewriteBronzeMasked(run.lakehouse, table.name, columns, run.platform.maskingKey);
    const rewrite = await rewriteTableMasked(run.lakehouse, table, columns, run.platform.maskingKey);
    masked.push({ ref, bronzeObjects: bronze.rewritten.length, filesRewritten: rewrite.filesRewritten, snapshotsExpired: rewrite.snapshotsExpired });
    say(run, `masked ${ref} (${columns.map((c) => c.name).join(', ')}): ${bronze.rewritten.length} bronze object(s) and ${rewrite.filesRewritten} data file(s) rewritten, ${rewrite.snapshotsExpired} older snapshot(s) expired`);
  }
  return masked;
}

/** Every bronze object of a source table: the outputs of its succeeded bronze records. */
async function bronzeObjects(run: ApplyRun, table: LakeTable): Promise<string[]> {
  const records = await run.platform.ledger.listAll({ table: table.name, layer: 'bronze', status: 'succeeded' });
  return records.flatMap((record) => record.outputKeys ?? []);
}

/**
 * Tables under a new declaration, rebuilt whole in manifest order (a rebuilt table's inputs first): a source's
 * silver table from every bronze change, a derived table from its inputs.
 */
async function rebuildTables(run: ApplyRun): Promise<WholeTableRebuild[]> {
  const { rebuildSilverFromBronze, rebuildWholeTable } = await import('@datamaster/lakehouse');
  const { lake } = run.lakehouse;
  const rebuilds: WholeTableRebuild[] = [];
  for (const table of lake.tables.filter((t) => run.migrations.rebuilt.has(t.ref))) {
    if (isSourceTable(table)) {
      const replay = await rebuildSilverFromBronze(run.lakehouse, table, await bronzeObjects(run, table));
      rebuilds.push(replay);
      say(run, `rebuilt ${table.ref} from ${replay.bronzeObjects} bronze object(s) (${replay.rowsIn.toLocaleString('en-US')} changes): ${replay.rows.toLocaleString('en-US')} rows in ${replay.files} file(s), snapshot ${replay.snapshotId}`);
    } else {
      const rebuild = await rebuildWholeTable(run.lakehouse, table);
      await lake.recordApplied(table, ['transform', 'piiMasking']);
      rebuilds.push(rebuild);
      say(run, `rebuilt ${table.ref}: ${rebuild.rows.toLocaleString('en-US')} rows in ${rebuild.files} file(s), snapshot ${rebuild.snapshotId}`);
    }
  }
  return rebuilds;
}

/** Derived tables that inherit a newly masked column and are not rebuilt: recomputed by a backfill. */
const derivedMasked = (run: ApplyRun): TableRef[] => [...run.masks.keys()].filter((ref) => !isSourceTable(run.lakehouse.lake.table(ref)) && !run.migrations.rebuilt.has(ref));

/**
 * Backfills of the tables whose own transform changed, that inherit a newly masked column, or that are built from a
 * rebuilt table, then the processing run that recomputes them and every table downstream.
 */
async function runBackfills(run: ApplyRun): Promise<Pick<ApplyOutcome, 'backfills' | 'run'>> {
  const { runProcessing } = await import('@datamaster/processing');
  const { lake } = run.lakehouse;
  const { rebuilt } = run.migrations;
  const builtFromRebuilt = lake.tables.filter((t: LakeTable) => !rebuilt.has(t.ref) && t.upstream.some((ref) => rebuilt.has(ref))).map((t) => t.ref);
  const backfills = await registerBackfills(run.lakehouse.processing, [...changedTransforms(run.plan, rebuilt), ...derivedMasked(run), ...builtFromRebuilt], (line) => say(run, line));
  const recomputed = run.plan.backfills.filter((ref) => !rebuilt.has(ref));
  if (recomputed.length === 0) return { backfills };
  const { engine, close } = await openEngine(run.ctx, run.platform, run.lakehouse, run.engine, !run.verbose);
  const processing = await runProcessing(run.lakehouse.processing, engine, {
    layers: 'all',
    tables: recomputed.map((ref) => ref.slice(ref.indexOf('.') + 1)),
    ...(run.verbose ? { onJobDone: (result) => printJobResult(run.ctx, result) } : {}),
  }).finally(close);
  if (processing.failures.length > 0) throw new ProcessingFailedError(processing);
  // Every partition of these tables now follows the manifest's transforms.
  for (const ref of recomputed) await lake.recordApplied(lake.table(ref), ['transform']);
  return { backfills, run: processing };
}

/** Derived tables recomputed from masked inputs: what is left is their older snapshots, with the values as they were. */
async function expireMaskedHistory(run: ApplyRun): Promise<MaskedTable[]> {
  const { rewriteTableMasked } = await import('@datamaster/lakehouse');
  const masked: MaskedTable[] = [];
  for (const ref of derivedMasked(run)) {
    const rewrite = await rewriteTableMasked(run.lakehouse, run.lakehouse.lake.table(ref), run.masks.get(ref) ?? [], run.platform.maskingKey);
    masked.push({ ref, bronzeObjects: 0, filesRewritten: rewrite.filesRewritten, snapshotsExpired: rewrite.snapshotsExpired });
    say(run, `masked ${ref}: recomputed, ${rewrite.snapshotsExpired} older snapshot(s) expired`);
  }
  return masked;
}

export async function applySteps(run: ApplyRun): Promise<ApplyOutcome> {
  const { lake } = run.lakehouse;
  const dropped = await dropColumns(lake, run.plan);
  const maskedSources = await maskSources(run);
  const rebuilds = await rebuildTables(run);
  const backfilled = await runBackfills(run);
  const maskedDerived = await expireMaskedHistory(run);
  for (const ref of new Set([...run.masks.keys(), ...run.migrations.accepted])) await lake.recordApplied(lake.table(ref), ['piiMasking']);
  return { plan: run.plan, dropped, rebuilds, masked: [...maskedSources, ...maskedDerived], ...backfilled };
}
