// Analytics: the gold tables through Athena, as the dashboards' principal (gold only, no PII) reads them.
import { CustomVariableBuilder, DashboardBuilder, QueryVariableBuilder, VariableRefresh, VariableSort, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LakeManifest } from '@datamaster/lake-manifest';
import { analyticsPanels, yearsQuery } from '../panels/analytics-panels.js';
import type { SqlPanel } from '../panels/sql-panel.js';
import { DATA_SOURCES } from '../provisioning/data-sources.js';
import { Grid } from './grid.js';
import { athenaTarget, sqlPanel } from './panel-builders.js';

export const ANALYTICS_UID = 'datamaster-analytics';

const SIZES: Record<SqlPanel['visual'], [number, number]> = { stat: [6, 4], table: [12, 10], barchart: [12, 10], geomap: [12, 10], timeseries: [24, 8] };

export function analyticsDashboard(manifest: LakeManifest): Dashboard {
  const athena = { uid: DATA_SOURCES.athena.uid, type: DATA_SOURCES.athena.type };
  const year = new QueryVariableBuilder('year')
    .label('Year')
    .datasource(athena)
    .query(athenaTarget({ sql: yearsQuery(manifest), visual: 'table' }).build() as unknown as Record<string, unknown>)
    .refresh(VariableRefresh.OnDashboardLoad)
    .sort(VariableSort.NumericalDesc)
    .multi(true)
    .includeAll(true);
  const month = new CustomVariableBuilder('month')
    .label('Month')
    .values(Array.from({ length: 12 }, (_, i) => String(i + 1)).join(','))
    .multi(true)
    .includeAll(true)
    .current({ text: 'All', value: '$__all' });
  const builder = new DashboardBuilder('Datamaster · Analytics')
    .uid(ANALYTICS_UID)
    .description(`The gold tables of ${manifest.name} through Athena: the best-rated beers and breweries, the most reviewed styles, the most active reviewers and where they are. Months are combined by weight, so a year's figures are its reviews' figures.`)
    .tags(['datamaster', 'gold'])
    .time({ from: 'now-10y', to: 'now' })
    .withVariable(year)
    .withVariable(month);
  const grid = new Grid();
  // The two stats share the first line with nothing else; the rest go two by two, the time series last.
  const panels = analyticsPanels(manifest);
  for (const panel of panels) {
    const [w, h] = SIZES[panel.visual];
    builder.withPanel(sqlPanel(panel, grid.id(), grid.place(w, h)));
  }
  return builder.build();
}
