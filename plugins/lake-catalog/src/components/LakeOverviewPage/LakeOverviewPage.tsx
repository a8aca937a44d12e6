// Every lake table's health at a glance, filtered by layer, owner and status.
import { Content, Header, Page, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { lakeTableEntityRef, type LakeTableSummary } from '@datamaster/plugin-lake-catalog-common';
import { FormControl, Grid, InputLabel, MenuItem, Select, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { lakeCatalogApiRef } from '../../api/LakeCatalogApi';
import { formatBytes, formatCount, formatTime } from '../format';
import { FreshnessLabel, RunStatusLabel } from '../StatusLabels';

const ALL = 'all';

/** The status a table is filtered by: its freshness, or "failing" when its last run failed. */
export function healthOf(table: LakeTableSummary): string {
  const last = table.status.lastRun?.status;
  return last === 'failed' || last === 'dead' ? 'failing' : table.status.freshness;
}

function Filter({ label, value, options, onChange }: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  const id = `lake-filter-${label}`;
  return (
    <FormControl fullWidth>
      <InputLabel id={id}>{label}</InputLabel>
      <Select labelId={id} value={value} onChange={(event) => onChange(String(event.target.value))} inputProps={{ 'aria-label': label }}>
        {[ALL, ...options].map((option) => (
          <MenuItem key={option} value={option}>
            {option}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

export function LakeOverview({ tables }: { tables: readonly LakeTableSummary[] }) {
  const [layer, setLayer] = useState(ALL);
  const [owner, setOwner] = useState(ALL);
  const [health, setHealth] = useState(ALL);
  const distinct = (values: string[]) => [...new Set(values)].sort();
  const shown = tables.filter((t) => (layer === ALL || t.layer === layer) && (owner === ALL || t.owner === owner) && (health === ALL || healthOf(t) === health));
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} sm={4}>
        <Filter label="layer" value={layer} options={distinct(tables.map((t) => t.layer))} onChange={setLayer} />
      </Grid>
      <Grid item xs={12} sm={4}>
        <Filter label="owner" value={owner} options={distinct(tables.map((t) => t.owner))} onChange={setOwner} />
      </Grid>
      <Grid item xs={12} sm={4}>
        <Filter label="status" value={health} options={distinct(tables.map(healthOf))} onChange={setHealth} />
      </Grid>
      <Grid item xs={12}>
        <Typography variant="caption" aria-label="table count">
          {shown.length} of {tables.length} tables
        </Typography>
        <Table size="small" aria-label="lake tables">
          <TableHead>
            <TableRow>
              <TableCell>table</TableCell>
              <TableCell>layer</TableCell>
              <TableCell>owner</TableCell>
              <TableCell>freshness</TableCell>
              <TableCell>rows</TableCell>
              <TableCell>size</TableCell>
              <TableCell>last run</TableCell>
              <TableCell>waiting</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((t) => (
              <TableRow key={t.ref} data-table={t.ref}>
                <TableCell>
                  <EntityRefLink entityRef={lakeTableEntityRef(t.ref)} title={t.ref} />
                </TableCell>
                <TableCell>{t.layer}</TableCell>
                <TableCell>{t.owner.replace(/^group:default\//, '')}</TableCell>
                <TableCell>
                  <FreshnessLabel freshness={t.status.freshness} />
                  {t.status.objective ? ` (${t.status.objective})` : ''}
                </TableCell>
                <TableCell>{formatCount(t.status.rows)}</TableCell>
                <TableCell>{formatBytes(t.status.bytes)}</TableCell>
                <TableCell>
                  {t.status.lastRun ? (
                    <>
                      <RunStatusLabel status={t.status.lastRun.status} /> {formatTime(t.status.lastRun.at)}
                    </>
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>{t.status.waiting}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Grid>
    </Grid>
  );
}

export function LakeOverviewPage() {
  const api = useApi(lakeCatalogApiRef);
  const overview = useAsync(() => api.overview(), [api]);
  return (
    <Page themeId="tool">
      <Header title="Lake" subtitle={overview.value ? `${overview.value.lake}: every table of the lake manifest, with its health` : undefined} />
      <Content>
        {overview.loading && <Progress />}
        {overview.error && <ResponseErrorPanel error={overview.error} />}
        {overview.value && <LakeOverview tables={overview.value.tables} />}
      </Content>
    </Page>
  );
}
