// The TypeScript side of the cross-language tests, bundled by esbuild at test time (tests/ts_driver.py): what
// libs/lake-manifest itself resolves and fills, printed as JSON on stdout, for comparison with what the Spark
// side reads from the exported contract document.
import { lakeManifest } from '@datamaster/lake-manifest';
import { derivedTableSql, silverMergeSql } from '@datamaster/lake-manifest/transforms';

const lake = lakeManifest();
process.stdout.write(
  JSON.stringify({
    databases: lake.databases,
    tables: lake.tables.map((t) => ({
      ref: t.ref,
      layer: t.layer,
      name: t.name,
      columns: t.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, nullable: c.nullable, origin: c.origin, expression: c.expression ?? null })),
      primaryKey: t.primaryKey,
      partitionBy: t.partitionBy.map((p) => p.column),
      upstream: t.upstream,
      isSource: t.source !== undefined,
    })),
    silverMerge: Object.fromEntries(lake.tables.filter((t) => t.layer === 'silver' && t.source !== undefined).map((t) => [t.ref, silverMergeSql(t)])),
    derived: Object.fromEntries(lake.tables.filter((t) => t.source === undefined && t.upstream.length > 0).map((t) => [t.ref, derivedTableSql(t.ref)])),
  }),
);
