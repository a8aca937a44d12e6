// What the processing state machine's three Map states iterate over, for the tables a run covers: the silver
// tables of sources (merged in parallel), the derived silver tables (after them, one at a time), the gold tables.
// The local run and the deployed schedule build their input with this one rule.
import type { LakeTable } from '@datamaster/lake-manifest';

// A type, not an interface: it is passed where JSON is expected, which needs the implicit index signature.
export type ProcessingInput = {
  readonly silverTables: string[];
  readonly derivedSilverTables: string[];
  readonly goldTables: string[];
};

/** The machine's input for `tables` (any layers; those outside silver and gold are left out), in their order. */
export function processingInput(tables: readonly LakeTable[]): ProcessingInput {
  const names = (pick: (table: LakeTable) => boolean) => tables.filter(pick).map((table) => table.name);
  return {
    silverTables: names((t) => t.layer === 'silver' && t.source !== undefined),
    derivedSilverTables: names((t) => t.layer === 'silver' && t.source === undefined),
    goldTables: names((t) => t.layer === 'gold'),
  };
}
