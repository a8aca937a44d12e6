// From a panel's definition (SQL or Metrics Insights) to the foundation SDK's builder of its visualization, placed
// on the dashboard's grid with a stable id.
import { DataqueryBuilder as AthenaQueryBuilder, FormatOptions } from '@grafana/grafana-foundation-sdk/athena';
import { PanelBuilder as BarChartPanel } from '@grafana/grafana-foundation-sdk/barchart';
import { MetricsQueryBuilder, MetricEditorMode, MetricQueryType, QueryMode } from '@grafana/grafana-foundation-sdk/cloudwatch';
import { FrameGeometrySourceBuilder, FrameGeometrySourceMode, MapLayerOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { ThresholdsConfigBuilder, ThresholdsMode, type GridPos, type Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as GeomapPanel } from '@grafana/grafana-foundation-sdk/geomap';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanel } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import type { MetricPanel } from '../panels/operations-panels.js';
import type { SqlPanel } from '../panels/sql-panel.js';
import { DATA_SOURCES } from '../provisioning/data-sources.js';

const athena = { uid: DATA_SOURCES.athena.uid, type: DATA_SOURCES.athena.type };
const cloudwatch = { uid: DATA_SOURCES.cloudwatch.uid, type: DATA_SOURCES.cloudwatch.type };

type AnyPanelBuilder = cog.Builder<Panel> & {
  id(id: number): unknown;
  title(title: string): unknown;
  description(description: string): unknown;
  gridPos(gridPos: GridPos): unknown;
  datasource(datasource: { uid: string; type: string }): unknown;
  withTarget(target: cog.Builder<cog.Dataquery>): unknown;
  unit(unit: string): unknown;
};

/** The Athena query of a SQL panel: time series for charts over time, a table otherwise. */
export function athenaTarget(panel: Pick<SqlPanel, 'sql' | 'visual'>): AthenaQueryBuilder {
  return new AthenaQueryBuilder()
    .refId('A')
    .datasource(athena)
    .format(panel.visual === 'timeseries' ? FormatOptions.TimeSeries : FormatOptions.Table)
    .connectionArgs({ build: () => ({ catalog: 'AwsDataCatalog' }) })
    .rawSQL(panel.sql);
}

/** The CloudWatch Metrics Insights query of a metric panel, in the dashboard's region variable. */
export function cloudwatchTarget(panel: MetricPanel): MetricsQueryBuilder {
  return new MetricsQueryBuilder()
    .refId('A')
    .datasource(cloudwatch)
    .queryMode(QueryMode.Metrics)
    .metricQueryType(MetricQueryType.Insights)
    .metricEditorMode(MetricEditorMode.Code)
    .region('$region')
    .namespace(panel.namespace)
    .sqlExpression(panel.query);
}

function visualBuilder(visual: SqlPanel['visual'] | MetricPanel['visual']): AnyPanelBuilder {
  switch (visual) {
    case 'table':
      return new TablePanel() as unknown as AnyPanelBuilder;
    case 'barchart':
      return new BarChartPanel() as unknown as AnyPanelBuilder;
    case 'stat':
      return new StatPanel() as unknown as AnyPanelBuilder;
    case 'timeseries':
      return new TimeseriesPanel() as unknown as AnyPanelBuilder;
    case 'geomap': {
      // US states by their two-letter code, from the gazetteer Grafana ships.
      const location = new FrameGeometrySourceBuilder().mode(FrameGeometrySourceMode.Lookup).lookup('state').gazetteer('public/gazetteer/usa-states.json');
      const layer = new MapLayerOptionsBuilder().type('markers').name('Reviews').location(location).config({ style: { size: { field: 'reviews', min: 4, max: 30 } } });
      return new GeomapPanel().layers([layer]) as unknown as AnyPanelBuilder;
    }
  }
}

/** The builder of a panel's visualization with what every panel has: id, place, title, data source, query, unit. */
function placed(panel: { title: string; description: string; visual: SqlPanel['visual'] | MetricPanel['visual']; unit?: string }, id: number, gridPos: GridPos, datasource: { uid: string; type: string }, target: cog.Builder<cog.Dataquery>): AnyPanelBuilder {
  const builder = visualBuilder(panel.visual);
  builder.id(id);
  builder.title(panel.title);
  builder.description(panel.description);
  builder.gridPos(gridPos);
  builder.datasource(datasource);
  builder.withTarget(target);
  if (panel.unit !== undefined) builder.unit(panel.unit);
  return builder;
}

/** A SQL panel's builder, with its id and place. */
export function sqlPanel(panel: SqlPanel, id: number, gridPos: GridPos): cog.Builder<Panel> {
  return placed(panel, id, gridPos, athena, athenaTarget(panel));
}

/** A metric panel's builder; a freshness stat turns red at its objective. */
export function metricPanel(panel: MetricPanel, id: number, gridPos: GridPos): cog.Builder<Panel> {
  const builder = placed(panel, id, gridPos, cloudwatch, cloudwatchTarget(panel));
  if (panel.objectiveSeconds !== undefined) {
    const thresholds = new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
      { value: null, color: 'green' },
      { value: panel.objectiveSeconds, color: 'red' },
    ]);
    (builder as unknown as { thresholds(t: ThresholdsConfigBuilder): unknown }).thresholds(thresholds);
  }
  return builder;
}
