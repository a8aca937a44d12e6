import { UnknownTableError } from './errors.js';
import type { LakeManifest, LakeTable } from './model.js';
import { CATALOG_LAYERS, type CatalogLayer, type LakeLayer } from './vocabulary.js';

/** The table with this "<layer>.<name>" ref; throws UnknownTableError naming the known ones. */
export function getTable(manifest: LakeManifest, ref: string): LakeTable {
  const table = manifest.tables.find((t) => t.ref === ref);
  if (!table) throw new UnknownTableError(ref, manifest.tables.map((t) => t.ref));
  return table;
}

/** A table the lake keeps (bronze, silver, gold), as opposed to the OLTP source table it comes from. */
export function isCatalogTable(table: LakeTable): table is LakeTable & { layer: CatalogLayer } {
  return (CATALOG_LAYERS as readonly string[]).includes(table.layer);
}

export function tablesInLayer(manifest: LakeManifest, layer: LakeLayer): LakeTable[] {
  return manifest.tables.filter((t) => t.layer === layer);
}

const DURATION_PART_MS = { D: 86_400_000, H: 3_600_000, M: 60_000, S: 1000 } as const;

/** Milliseconds of an ISO-8601 duration of days/hours/minutes/seconds (the manifest's freshness). */
export function durationMs(iso: string): number {
  const [, days = '', time = ''] = /^P(\d+D)?(?:T(.*))?$/.exec(iso) ?? [];
  const parts = [...days.matchAll(/(\d+)(D)/g), ...time.matchAll(/(\d+)([HMS])/g)];
  return parts.reduce((ms, [, n, unit]) => ms + Number(n) * DURATION_PART_MS[unit as keyof typeof DURATION_PART_MS], 0);
}
