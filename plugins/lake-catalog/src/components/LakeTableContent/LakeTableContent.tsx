// The entity page tab of a lake table: the manifest's view (schema, lineage, grants, queries) and the live
// one (freshness, runs, executions, snapshots), each loaded on its own so a slow ledger never hides the schema.
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { lakeTableRefOf } from '@datamaster/plugin-lake-catalog-common';
import { Grid, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { lakeCatalogApiRef } from '../../api/LakeCatalogApi';
import { ExecutionsCard } from './ExecutionsCard';
import { FreshnessCard } from './FreshnessCard';
import { GrantsCard } from './GrantsCard';
import { LineageCard } from './LineageCard';
import { RunsCard } from './RunsCard';
import { SampleQueriesCard } from './SampleQueriesCard';
import { SchemaCard } from './SchemaCard';
import { SnapshotsCard } from './SnapshotsCard';

export function LakeTableView({ tableRef }: { tableRef: string }) {
  const api = useApi(lakeCatalogApiRef);
  const details = useAsync(() => api.table(tableRef), [api, tableRef]);
  const live = useAsync(() => (tableRef.startsWith('source.') ? Promise.resolve(undefined) : api.status(tableRef)), [api, tableRef]);

  if (details.loading) return <Progress />;
  if (details.error) return <ResponseErrorPanel error={details.error} />;
  const table = details.value;
  if (!table) return null;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body1">{table.description}</Typography>
        <Typography variant="caption">
          {table.catalogTable ?? table.ref} · domain {table.domain} · owner {table.owner} · declared in <code>{table.manifestFile}</code>
        </Typography>
      </Grid>
      <Grid item xs={12} md={6}>
        <LineageCard table={table} />
      </Grid>
      <Grid item xs={12} md={6}>
        {live.loading && <Progress />}
        {live.error && <ResponseErrorPanel error={live.error} />}
        {live.value && <FreshnessCard table={table} status={live.value} />}
      </Grid>
      {live.value && (
        <Grid item xs={12}>
          <RunsCard status={live.value} />
        </Grid>
      )}
      <Grid item xs={12}>
        <SchemaCard table={table} />
      </Grid>
      <Grid item xs={12}>
        <GrantsCard table={table} />
      </Grid>
      {live.value?.stateMachine && (
        <Grid item xs={12}>
          <ExecutionsCard stateMachine={live.value.stateMachine} />
        </Grid>
      )}
      {live.value && live.value.snapshots.length > 0 && (
        <Grid item xs={12} md={6}>
          <SnapshotsCard status={live.value} />
        </Grid>
      )}
      <Grid item xs={12} md={6}>
        <SampleQueriesCard table={table} />
      </Grid>
    </Grid>
  );
}

/** The tab content for the entity in context (a Resource of type lake-table). */
export function LakeTableContent() {
  const { entity } = useEntity();
  const ref = lakeTableRefOf(entity);
  if (ref === undefined) return <Typography>This entity is not a lake table (it has no datamaster.io/lake-table annotation).</Typography>;
  return <LakeTableView tableRef={ref} />;
}
