// Operations: the pipeline's own metrics per table, the AWS services it runs on, and one freshness stat per
// manifest table against its objective.
import { DashboardBuilder, RowBuilder, TextBoxVariableBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LakeManifest } from '@datamaster/lake-manifest';
import { operationsRows, type MetricPanel } from '../panels/operations-panels.js';
import { Grid } from './grid.js';
import { metricPanel } from './panel-builders.js';

export const OPERATIONS_UID = 'datamaster-operations';

const SIZES: Record<MetricPanel['visual'], [number, number]> = { stat: [4, 4], timeseries: [12, 8], barchart: [12, 8] };

export function operationsDashboard(manifest: LakeManifest): Dashboard {
  const builder = new DashboardBuilder('Datamaster · Operations')
    .uid(OPERATIONS_UID)
    .description('The lake at work: jobs, failures, retries and dead records per table; rows, bytes and durations; the state machines, Spark job runs, Firehose and DMS; and how fresh each table is against its objective in the lake manifest.')
    .tags(['datamaster', 'operations'])
    .time({ from: 'now-24h', to: 'now' })
    .refresh('1m')
    // "default" is the CloudWatch data source's own region.
    .withVariable(new TextBoxVariableBuilder('region').label('Region').defaultValue('default'));
  const grid = new Grid();
  for (const row of operationsRows(manifest)) {
    builder.withRow(new RowBuilder(row.title).id(grid.id()).gridPos(grid.row()));
    for (const panel of row.panels) {
      const [w, h] = SIZES[panel.visual];
      builder.withPanel(metricPanel(panel, grid.id(), grid.place(w, h)));
    }
  }
  return builder.build();
}
