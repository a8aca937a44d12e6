// The dashboards as code: built from the lake manifest with the Grafana foundation SDK, written to
// grafana/dashboards/*.json. Provisioning (data sources, folder) is on its own entry point, ./provisioning.
export { dashboardFileText, dashboards } from './dashboards.js';
export { ANALYTICS_UID } from './dashboards/analytics.js';
export { COST_UID, DEFAULT_STAGE } from './dashboards/cost.js';
export { OPERATIONS_UID } from './dashboards/operations.js';
export { analyticsPanels, PERIOD_FILTER } from './panels/analytics-panels.js';
export { COST_VARIABLES, costPanels } from './panels/cost-panels.js';
export { DASHBOARD_PRINCIPAL, DashboardTableError } from './panels/manifest-tables.js';
export { operationsRows, type MetricPanel, type MetricRow } from './panels/operations-panels.js';
export type { SqlPanel } from './panels/sql-panel.js';
