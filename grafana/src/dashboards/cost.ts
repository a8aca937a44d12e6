// Cost: the CUR 2.0 data export through Athena, for one deployment's stage.
import { DashboardBuilder, TextBoxVariableBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { costsDatabaseName } from '@datamaster/lake-contract';
import { COST_VARIABLES, costPanels } from '../panels/cost-panels.js';
import type { SqlPanel } from '../panels/sql-panel.js';
import { Grid } from './grid.js';
import { sqlPanel } from './panel-builders.js';

export const COST_UID = 'datamaster-cost';

/** The stage the dashboard shows when none is chosen (`datamaster dashboards push` sets the deployment's). */
export const DEFAULT_STAGE = 'dev';

const SIZES: Record<SqlPanel['visual'], [number, number]> = { stat: [6, 4], table: [12, 10], barchart: [12, 10], geomap: [12, 10], timeseries: [12, 9] };

export function costDashboard(): Dashboard {
  const builder = new DashboardBuilder('Datamaster · Cost')
    .uid(COST_UID)
    .description('What the platform costs, from the CUR 2.0 data export: by service and day, cumulative, by component and per processing run (cost allocation tags datamaster-stage, datamaster-component, datamaster-run; activate them in Billing).')
    .tags(['datamaster', 'cost'])
    .time({ from: 'now-30d', to: 'now' })
    .withVariable(new TextBoxVariableBuilder(COST_VARIABLES.stage).label('Stage').defaultValue(DEFAULT_STAGE))
    .withVariable(new TextBoxVariableBuilder(COST_VARIABLES.database).label('Costs database').defaultValue(costsDatabaseName(DEFAULT_STAGE)));
  const grid = new Grid();
  for (const panel of costPanels()) {
    const [w, h] = SIZES[panel.visual];
    builder.withPanel(sqlPanel(panel, grid.id(), grid.place(w, h)));
  }
  return builder.build();
}
