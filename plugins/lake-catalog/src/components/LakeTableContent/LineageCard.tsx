import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { lakeTableEntityRef, type LakeTableDetails } from '@datamaster/plugin-lake-catalog-common';
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
      </Grid>
    </InfoCard>
  );
}
