// Columns newly declared PII (or masked another way) in a lake that holds data: where the data written before
// holds them in clear, and rewriting it masked (`datamaster apply --rewrite-pii`).
import type { ManifestPlan } from '@datamaster/lake-contract';
import type { LakehouseContext, MaskedColumn } from '@datamaster/lakehouse';
import type { LakeManifest, LakeTable, TableRef } from '@datamaster/lake-manifest';
import type { CommandContext } from './context.js';

/** The tables whose columns' masking changed, each with those columns and their masking as the manifest has it now. */
export function newlyMasked(plan: ManifestPlan, manifest: LakeManifest): Map<TableRef, MaskedColumn[]> {
  const masks = new Map<TableRef, MaskedColumn[]>();
  for (const change of plan.changes) {
    if (change.kind !== 'pii-classified' && change.kind !== 'pii-masking') continue;
    const column = manifest.tables.find((t) => t.ref === change.table)?.columns.find((c) => c.name === change.column);
    if (column?.masking === undefined) continue;
    masks.set(change.table, [...(masks.get(change.table) ?? []), { name: column.name, masking: column.masking }]);
  }
  return masks;
}

export interface ClearCopies {
  readonly ref: string;
  readonly columns: readonly string[];
  /** For a source table: its bronze objects holding a clear value. */
  readonly bronzeObjects: readonly string[];
  /** The table's live rows holding a clear value. */
  readonly rows: number;
}

/** Where the data written before holds the newly masked columns in clear (raw/ keeps extracts as they came, always). */
export async function clearCopies(ctx: LakehouseContext, masks: ReadonlyMap<string, readonly MaskedColumn[]>): Promise<ClearCopies[]> {
  const { bronzeObjectsInClear, rowsInClear } = await import('@datamaster/lakehouse');
  const copies: ClearCopies[] = [];
  for (const [ref, columns] of masks) {
    const table = ctx.lake.table(ref);
    const bronze = isSourceTable(table) ? await bronzeObjectsInClear(ctx, table.name, columns) : { keys: [] };
    copies.push({ ref, columns: columns.map((c) => c.name), bronzeObjects: bronze.keys, rows: await rowsInClear(ctx, table, columns) });
  }
  return copies;
}

const SHOWN_OBJECTS = 10;

export function printClearCopies(ctx: CommandContext, copies: readonly ClearCopies[]): void {
  ctx.output.line('\nheld in clear by the data written before the change:');
  for (const copy of copies) {
    ctx.output.line(`  ${copy.ref} (${copy.columns.join(', ')}): ${copy.rows.toLocaleString('en-US')} live row(s)${copy.bronzeObjects.length > 0 ? `, ${copy.bronzeObjects.length} bronze object(s)` : ''}`);
    for (const key of copy.bronzeObjects.slice(0, SHOWN_OBJECTS)) ctx.output.line(`    ${key}`);
    if (copy.bronzeObjects.length > SHOWN_OBJECTS) ctx.output.line(`    … and ${copy.bronzeObjects.length - SHOWN_OBJECTS} more`);
  }
  ctx.output.line('  (and every older snapshot of those tables; `datamaster apply --rewrite-pii` masks them and expires the snapshots)');
}

/** Columns newly masked, while the data written before holds them as they were. */
export class PiiRewriteNeededError extends Error {
  override readonly name = 'PiiRewriteNeededError';
  constructor(copies: readonly ClearCopies[]) {
    super(
      `${copies.map((c) => `${c.ref} (${c.columns.join(', ')})`).join(', ')}: newly masked, and the data written before holds ${copies.reduce((n, c) => n + c.rows, 0)} live row(s) and ${copies.reduce((n, c) => n + c.bronzeObjects.length, 0)} bronze object(s) with the values as they were. Nothing was applied: run \`datamaster apply --rewrite-pii\` to rewrite them masked (older snapshots are expired), or revert the classification.`,
    );
  }
}

/** Whether the table is a source's silver table (rewritten in place) rather than a derived one (recomputed). */
export const isSourceTable = (table: LakeTable) => table.source !== undefined;
