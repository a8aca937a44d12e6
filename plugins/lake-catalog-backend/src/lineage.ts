// A table's lineage from the manifest: direct neighbours, and everything reachable each way.
import { lineageEdges, type LakeManifest } from '@datamaster/lake-manifest';
import type { LakeLineage } from '@datamaster/plugin-lake-catalog-common';

function reachable(start: string, next: ReadonlyMap<string, readonly string[]>): string[] {
  const seen = new Set<string>();
  const queue = [...(next.get(start) ?? [])];
  while (queue.length > 0) {
    const ref = queue.shift() as string;
    if (seen.has(ref)) continue;
    seen.add(ref);
    queue.push(...(next.get(ref) ?? []));
  }
  return [...seen];
}

function adjacency(pairs: readonly (readonly [string, string])[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [from, to] of pairs) map.set(from, [...(map.get(from) ?? []), to]);
  return map;
}

export function tableLineage(manifest: LakeManifest, ref: string): LakeLineage {
  const edges = lineageEdges(manifest);
  const up = adjacency(edges.map((e) => [e.to, e.from] as const));
  const down = adjacency(edges.map((e) => [e.from, e.to] as const));
  return {
    upstream: up.get(ref) ?? [],
    downstream: down.get(ref) ?? [],
    allUpstream: reachable(ref, up),
    allDownstream: reachable(ref, down),
  };
}
