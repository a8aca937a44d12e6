// The committed dashboards (grafana/dashboards/*.json) as provisioning pushes them, with the variables that name a
// deployment set to its stage. Read from the JSON, never rebuilt: what is pushed is what the repository reviewed.
import analytics from '../../dashboards/analytics.json' with { type: 'json' };
import cost from '../../dashboards/cost.json' with { type: 'json' };
import operations from '../../dashboards/operations.json' with { type: 'json' };
import { costsDatabaseName } from '@datamaster/lake-contract';
import { COST_VARIABLES } from '../panels/cost-panels.js';

export interface DashboardJson {
  readonly uid: string;
  readonly title: string;
  readonly templating?: { readonly list?: readonly { readonly name: string; readonly type: string; readonly query?: unknown; readonly current?: unknown }[] };
  readonly [key: string]: unknown;
}

export const DASHBOARD_FILES: readonly DashboardJson[] = [analytics, operations, cost] as unknown as DashboardJson[];

/** The dashboards with the cost dashboard's stage and costs database set to the deployment's. */
export function dashboardsForStage(stage: string): DashboardJson[] {
  const values: Record<string, string> = { [COST_VARIABLES.stage]: stage, [COST_VARIABLES.database]: costsDatabaseName(stage) };
  return DASHBOARD_FILES.map((dashboard) => ({
    ...dashboard,
    templating: {
      list: (dashboard.templating?.list ?? []).map((variable) => {
        const value = values[variable.name];
        return value === undefined || variable.type !== 'textbox' ? variable : { ...variable, query: value, current: { text: value, value } };
      }),
    },
  }));
}
