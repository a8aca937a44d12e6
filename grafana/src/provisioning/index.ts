// What provisioning a Grafana needs: the data sources and the folder, by uid, and the committed dashboards.
export { DASHBOARD_FOLDER, DATA_SOURCES, dataSourceDefinitions, type DataSourceRef, type DataSourceSettings, type GrafanaDataSource } from './data-sources.js';
export { DASHBOARD_FILES, dashboardsForStage, type DashboardJson } from './dashboard-files.js';
