// Provisioning, idempotently: each data source and the folder created when missing and updated otherwise (by uid),
// then each dashboard saved with overwrite into the folder. Running it again changes nothing but the dashboards'
// versions, as a save in Grafana does.
import type { DashboardJson, GrafanaDataSource } from '@datamaster/grafana/provisioning';
import { GrafanaApi } from './grafana-api.js';

export interface PushOutcome {
  readonly kind: 'data source' | 'folder' | 'dashboard';
  readonly uid: string;
  readonly title: string;
  readonly action: 'created' | 'updated';
  readonly version?: number;
}

export interface PushRequest {
  readonly url: string;
  readonly token: string;
  readonly dataSources: readonly GrafanaDataSource[];
  readonly folder: { readonly uid: string; readonly title: string };
  readonly dashboards: readonly DashboardJson[];
  readonly onOutcome?: (outcome: PushOutcome) => void;
}

export async function pushDashboards(request: PushRequest): Promise<PushOutcome[]> {
  const api = new GrafanaApi(request.url, request.token);
  const outcomes: PushOutcome[] = [];
  const done = (outcome: PushOutcome) => {
    outcomes.push(outcome);
    request.onOutcome?.(outcome);
  };
  for (const dataSource of request.dataSources) {
    const path = `/api/datasources/uid/${encodeURIComponent(dataSource.uid)}`;
    const exists = (await api.call('GET', path)).status === 200;
    if (exists) await api.expect('PUT', path, dataSource);
    else await api.expect('POST', '/api/datasources', dataSource);
    done({ kind: 'data source', uid: dataSource.uid, title: dataSource.name, action: exists ? 'updated' : 'created' });
  }
  const folderPath = `/api/folders/${encodeURIComponent(request.folder.uid)}`;
  const folderExists = (await api.call('GET', folderPath)).status === 200;
  if (folderExists) await api.expect('PUT', folderPath, { title: request.folder.title, overwrite: true });
  else await api.expect('POST', '/api/folders', request.folder);
  done({ kind: 'folder', uid: request.folder.uid, title: request.folder.title, action: folderExists ? 'updated' : 'created' });
  for (const dashboard of request.dashboards) {
    const exists = (await api.call('GET', `/api/dashboards/uid/${encodeURIComponent(dashboard.uid)}`)).status === 200;
    // id null: Grafana matches the dashboard by uid, so the same JSON saves into any Grafana.
    const saved = await api.expect('POST', '/api/dashboards/db', { dashboard: { ...dashboard, id: null }, folderUid: request.folder.uid, overwrite: true, message: 'datamaster dashboards push' });
    done({ kind: 'dashboard', uid: dashboard.uid, title: dashboard.title, action: exists ? 'updated' : 'created', version: Number(saved.body['version']) });
  }
  return outcomes;
}
