import { getTable, lakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import type { SeedTable } from './options.js';

/** The manifest's declaration of a source table: its columns are the CSV's header and order. */
export function sourceTable(table: SeedTable): LakeTable {
  return getTable(lakeManifest(), `source.${table}`);
}
