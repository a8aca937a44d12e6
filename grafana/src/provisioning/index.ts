// What provisioning a Grafana needs besides the dashboards' JSON: the data sources and the folder, by uid.
export { DASHBOARD_FOLDER, DATA_SOURCES, dataSourceDefinitions, type DataSourceRef, type DataSourceSettings, type GrafanaDataSource } from './data-sources.js';
