import type { LakeManifest, TableRef } from '../model.js';

export interface LineageEdge {
  readonly from: TableRef;
  readonly to: TableRef;
}

/** Table-level lineage: one edge per upstream relation, in manifest order. */
export function lineageEdges(manifest: LakeManifest): LineageEdge[] {
  return manifest.tables.flatMap((table) => table.upstream.map((from) => ({ from, to: table.ref })));
}
