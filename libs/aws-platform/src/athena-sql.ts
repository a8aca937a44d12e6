// The query as the principal wrote it (`<layer>.<table>`, the names every target shares) in the Glue databases
// the manifest deploys the layers as (`dm_gold.top_drinkers`), for Athena. Rewritten where DuckDB's parser found
// each table reference, so text inside strings or comments is never touched.
import type { CatalogLayer } from '@datamaster/lake-manifest';
import type { TableReference } from '@datamaster/lakehouse';

export class QueryRewriteError extends Error {
  override readonly name = 'QueryRewriteError';
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function athenaSql(sql: string, references: readonly TableReference[], databases: Readonly<Record<CatalogLayer, string>>): string {
  let text = sql;
  // From the end backwards, so that each offset still points at its reference.
  for (const reference of [...references].sort((a, b) => (b.at ?? -1) - (a.at ?? -1))) {
    const database = databases[reference.schema as CatalogLayer];
    if (reference.at === undefined || database === undefined) throw new QueryRewriteError(`cannot place ${reference.schema}.${reference.name} in the query text for Athena`);
    const written = /^("(?:[^"]|"")+"|\w+)\s*\.\s*("(?:[^"]|"")+"|\w+)/.exec(text.slice(reference.at));
    if (written === null) throw new QueryRewriteError(`the query text at offset ${reference.at} is not ${reference.schema}.${reference.name}`);
    text = `${text.slice(0, reference.at)}${quoted(database)}.${quoted(reference.name)}${text.slice(reference.at + written[0].length)}`;
  }
  return text;
}
