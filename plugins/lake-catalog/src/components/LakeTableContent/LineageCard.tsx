import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { lakeTableEntityRef, type LakeTableDetails, type ObservedLakeLineage } from '@datamaster/plugin-lake-catalog-common';
import { Grid, Typography } from '@material-ui/core';

function Refs({ title, refs, label }: { title: string; refs: readonly string[]; label: string }) {
  return (
    <div aria-label={label}>
      <Typography variant="subtitle2">{title}</Typography>
      {refs.length === 0 ? (
        <Typography variant="body2">none</Typography>
      ) : (
        <ul>
          {refs.map((ref) => (
            <li key={ref}>
              <EntityRefLink entityRef={lakeTableEntityRef(ref)} title={ref} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** What the runs' OpenLineage events showed, and where that differs from the manifest. */
function Observed({ observed, declared }: { observed: ObservedLakeLineage; declared: LakeTableDetails['lineage'] }) {
  const differences = [
    ...observed.upstream.filter((ref) => !declared.upstream.includes(ref)).map((ref) => `read ${ref}, which the manifest does not declare upstream`),
    ...observed.downstream.filter((ref) => !declared.downstream.includes(ref)).map((ref) => `read by ${ref}, which the manifest does not declare downstream`),
  ];
  const last = observed.lastRun;
  return (
    <div aria-label="observed lineage">
      <Typography variant="subtitle1">Observed in runs ({observed.runs} {observed.runs === 1 ? 'run' : 'runs'})</Typography>
      <Grid container spacing={2}>
        <Grid item xs={6}>
          <Refs title="Read from" refs={observed.upstream} label="observed upstream" />
        </Grid>
        <Grid item xs={6}>
          <Refs title="Read by" refs={observed.downstream} label="observed downstream" />
        </Grid>
      </Grid>
      {last === undefined ? null : (
        <Typography variant="body2" aria-label="last run">
          Last run {last.eventType === 'COMPLETE' ? 'completed' : 'failed'} at {last.at}
          {last.rowsOut === undefined ? '' : `: ${last.rowsIn ?? 0} rows in, ${last.rowsOut} rows out`}
        </Typography>
      )}
      <Typography variant="body2" aria-label="lineage differences">
        {differences.length === 0 ? 'The runs match the declared lineage.' : differences.join('; ')}
      </Typography>
    </div>
  );
}

/** Where the table's data comes from and where it goes: direct neighbours, then everything further. */
export function LineageCard({ table }: { table: LakeTableDetails }) {
  const further = (all: readonly string[], direct: readonly string[]) => all.filter((ref) => !direct.includes(ref));
  return (
    <InfoCard title="Lineage">
      <Grid container spacing={2}>
        <Grid item xs={6}>
          <Refs title="Upstream" refs={table.lineage.upstream} label="upstream" />
          <Refs title="Further upstream" refs={further(table.lineage.allUpstream, table.lineage.upstream)} label="further upstream" />
        </Grid>
        <Grid item xs={6}>
          <Refs title="Downstream" refs={table.lineage.downstream} label="downstream" />
          <Refs title="Further downstream" refs={further(table.lineage.allDownstream, table.lineage.downstream)} label="further downstream" />
        </Grid>
        {table.lineage.observed === undefined ? null : (
          <Grid item xs={12}>
            <Observed observed={table.lineage.observed} declared={table.lineage} />
          </Grid>
        )}
      </Grid>
    </InfoCard>
  );
}
