import { tablesInLayer, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';

/** What the router needs to know about one OLTP table the lake ingests. */
export interface SourceTableShape {
  /** The lake table name, e.g. "review": the partition key of its changes. */
  readonly name: string;
  /** "dm_core.review": how DMS names it. */
  readonly qualifiedName: string;
  readonly columns: ReadonlySet<string>;
  readonly primaryKey: readonly string[];
  /** The manifest's source table. */
  readonly table: LakeTable;
}

const byManifest = new WeakMap<LakeManifest, ReadonlyMap<string, SourceTableShape>>();

/** The manifest's source tables keyed by "<schema>.<table>" as DMS names them (computed once per manifest). */
export function sourceTablesByQualifiedName(manifest: LakeManifest): ReadonlyMap<string, SourceTableShape> {
  let index = byManifest.get(manifest);
  if (!index) {
    index = new Map(
      tablesInLayer(manifest, 'source').flatMap((table) => {
        if (!table.source) return [];
        const qualifiedName = `${table.source.schema}.${table.source.table}`;
        const shape = { name: table.name, qualifiedName, columns: new Set(table.columns.map((c) => c.name)), primaryKey: table.primaryKey, table };
        return [[qualifiedName, shape] as const];
      }),
    );
    byManifest.set(manifest, index);
  }
  return index;
}
