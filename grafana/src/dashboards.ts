// Every dashboard, by the file it is generated to under grafana/dashboards/.
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import type { LakeManifest } from '@datamaster/lake-manifest';
import { analyticsDashboard } from './dashboards/analytics.js';
import { costDashboard } from './dashboards/cost.js';
import { operationsDashboard } from './dashboards/operations.js';

export function dashboards(manifest: LakeManifest): Record<string, Dashboard> {
  return { 'analytics.json': analyticsDashboard(manifest), 'operations.json': operationsDashboard(manifest), 'cost.json': costDashboard() };
}

/** A dashboard as its committed file holds it: two-space JSON, a final newline. */
export function dashboardFileText(dashboard: Dashboard): string {
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}
