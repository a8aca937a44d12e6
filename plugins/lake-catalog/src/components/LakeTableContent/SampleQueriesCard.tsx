import { CodeSnippet, InfoCard } from '@backstage/core-components';
import type { LakeTableDetails } from '@datamaster/plugin-lake-catalog-common';
import { Typography } from '@material-ui/core';

export function SampleQueriesCard({ table }: { table: LakeTableDetails }) {
  if (table.sampleQueries.length === 0) return null;
  return (
    <InfoCard title="Sample queries">
      {table.sampleQueries.map((query) => (
        <div key={query.title}>
          <Typography variant="subtitle2">
            {query.title} ({query.engine === 'athena' ? 'Athena' : `local lake, as ${query.principal}`})
          </Typography>
          <CodeSnippet text={query.sql} language={query.engine === 'athena' ? 'sql' : 'bash'} showCopyCodeButton />
        </div>
      ))}
    </InfoCard>
  );
}
