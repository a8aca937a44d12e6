// Queries a reader can paste: the CLI on the local lake (under a principal's grants) and Athena on AWS.
import { isCatalogTable, piiColumns, type LakeManifest, type LakeTable } from '@datamaster/lake-manifest';
import type { LakeGrantRow, LakeSampleQuery } from '@datamaster/plugin-lake-catalog-common';

const quote = (sql: string) => `'${sql.replace(/'/g, `'\\''`)}'`;

export function sampleQueries(manifest: LakeManifest, table: LakeTable, grants: readonly LakeGrantRow[]): LakeSampleQuery[] {
  if (!isCatalogTable(table)) return [];
  const readers = grants.filter((g) => g.permissions.length > 0);
  const withoutPii = readers.find((g) => g.excludedColumns.length > 0 && g.columns.length > 0);
  const anyReader = readers[0];
  const queries: LakeSampleQuery[] = [];
  const partitions = table.partitionBy.map((p) => p.column);
  if (anyReader !== undefined) {
    const preview = `select * from ${table.ref} limit 20`;
    queries.push({ title: 'Preview', engine: 'datamaster', principal: anyReader.principal, sql: `datamaster query ${quote(preview)} --as ${anyReader.principal}` });
    if (partitions.length > 0) {
      const byPartition = `select ${partitions.join(', ')}, count(*) as rows from ${table.ref} group by all order by all`;
      queries.push({ title: 'Rows per partition', engine: 'datamaster', principal: anyReader.principal, sql: `datamaster query ${quote(byPartition)} --as ${anyReader.principal}` });
    }
  }
  if (withoutPii !== undefined && piiColumns(table).length > 0) {
    const columns = withoutPii.columns.join(', ');
    queries.push({ title: `What ${withoutPii.principal} may read (no PII columns)`, engine: 'datamaster', principal: withoutPii.principal, sql: `datamaster query ${quote(`select ${columns} from ${table.ref} limit 20`)} --as ${withoutPii.principal}` });
  }
  queries.push({ title: 'Athena', engine: 'athena', principal: anyReader?.principal ?? manifest.principals[0]?.name ?? '', sql: `SELECT * FROM "${manifest.databases[table.layer]}"."${table.name}" LIMIT 20;` });
  return queries;
}
