// A stand-in for the part of Grafana's HTTP API that provisioning uses: data sources by uid, folders, and dashboards
// saved through /api/dashboards/db. No Grafana server can run on the development machines (not packaged in
// Debian, no Docker, and its Go module is AGPL), so `datamaster dashboards push` is proven against this: it answers
// as Grafana 11 does for these calls (status codes, conflicts, versions, bearer tokens), and keeps what it was sent
// for the tests to read. It is not Grafana: it renders nothing and runs no query.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInDashboard {
  readonly dashboard: Record<string, unknown> & { readonly uid: string; readonly title: string };
  readonly folderUid: string;
  readonly version: number;
}

export interface GrafanaStandIn {
  /** e.g. http://127.0.0.1:54321 */
  readonly url: string;
  readonly dataSources: ReadonlyMap<string, Record<string, unknown>>;
  readonly folders: ReadonlyMap<string, { readonly uid: string; readonly title: string }>;
  readonly dashboards: ReadonlyMap<string, StandInDashboard>;
  /** Every request as "METHOD /path", in order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

export interface GrafanaStandInOptions {
  /** The service account token every request must carry as `Authorization: Bearer <token>`. */
  readonly token: string;
}

type Json = Record<string, unknown>;
type Answer = readonly [status: number, body: Json];

export async function startGrafanaStandIn(options: GrafanaStandInOptions): Promise<GrafanaStandIn> {
  const dataSources = new Map<string, Json>();
  const folders = new Map<string, { uid: string; title: string }>();
  const dashboards = new Map<string, StandInDashboard>();
  const requests: string[] = [];
  let nextId = 1;

  const routes: { method: string; path: RegExp; answer: (match: RegExpExecArray, body: Json) => Answer }[] = [
    { method: 'GET', path: /^\/api\/health$/, answer: () => [200, { database: 'ok', version: 'stand-in' }] },
    {
      method: 'GET',
      path: /^\/api\/datasources\/uid\/([^/]+)$/,
      answer: ([, uid]) => {
        const found = dataSources.get(uid as string);
        return found === undefined ? [404, { message: 'Data source not found' }] : [200, found];
      },
    },
    {
      method: 'POST',
      path: /^\/api\/datasources$/,
      answer: (_, body) => {
        const uid = String(body['uid'] ?? '');
        if (dataSources.has(uid) || [...dataSources.values()].some((d) => d['name'] === body['name'])) return [409, { message: 'data source with the same name already exists' }];
        if (typeof body['name'] !== 'string' || typeof body['type'] !== 'string') return [400, { message: 'name and type are required' }];
        const saved = { ...body, id: nextId++, uid };
        dataSources.set(uid, saved);
        return [200, { datasource: saved, id: saved.id, message: 'Datasource added', name: body['name'] }];
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/datasources\/uid\/([^/]+)$/,
      answer: ([, uid], body) => {
        const found = dataSources.get(uid as string);
        if (found === undefined) return [404, { message: 'Data source not found' }];
        const saved = { ...body, id: found['id'], uid };
        dataSources.set(uid as string, saved);
        return [200, { datasource: saved, id: saved.id, message: 'Datasource updated', name: body['name'] }];
      },
    },
    {
      method: 'GET',
      path: /^\/api\/folders\/([^/]+)$/,
      answer: ([, uid]) => {
        const found = folders.get(uid as string);
        return found === undefined ? [404, { message: 'folder not found' }] : [200, found];
      },
    },
    {
      method: 'POST',
      path: /^\/api\/folders$/,
      answer: (_, body) => {
        const uid = String(body['uid'] ?? '');
        if (folders.has(uid)) return [409, { message: 'a folder with the same uid already exists' }];
        folders.set(uid, { uid, title: String(body['title']) });
        return [200, { uid, title: body['title'], version: 1 }];
      },
    },
    {
      method: 'PUT',
      path: /^\/api\/folders\/([^/]+)$/,
      answer: ([, uid], body) => {
        if (!folders.has(uid as string)) return [404, { message: 'folder not found' }];
        folders.set(uid as string, { uid: uid as string, title: String(body['title']) });
        return [200, { uid, title: body['title'] }];
      },
    },
    {
      method: 'POST',
      path: /^\/api\/dashboards\/db$/,
      answer: (_, body) => {
        const dashboard = body['dashboard'] as StandInDashboard['dashboard'] | undefined;
        const folderUid = String(body['folderUid'] ?? '');
        if (dashboard === undefined || typeof dashboard.uid !== 'string' || typeof dashboard.title !== 'string') return [400, { message: 'Dashboard title and uid are required' }];
        if (folderUid !== '' && !folders.has(folderUid)) return [400, { message: 'folder not found' }];
        const existing = dashboards.get(dashboard.uid);
        if (existing !== undefined && body['overwrite'] !== true) return [412, { status: 'version-mismatch', message: 'The dashboard has been changed by someone else' }];
        const version = (existing?.version ?? 0) + 1;
        dashboards.set(dashboard.uid, { dashboard: { ...dashboard, version }, folderUid, version });
        return [200, { id: nextId++, uid: dashboard.uid, url: `/d/${dashboard.uid}`, status: 'success', version }];
      },
    },
    {
      method: 'GET',
      path: /^\/api\/dashboards\/uid\/([^/]+)$/,
      answer: ([, uid]) => {
        const found = dashboards.get(uid as string);
        return found === undefined ? [404, { message: 'Dashboard not found' }] : [200, { dashboard: found.dashboard, meta: { folderUid: found.folderUid, version: found.version } }];
      },
    },
  ];

  const server = createServer((request, response) => void handle(request, response));
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] as string;
    requests.push(`${request.method} ${path}`);
    const reply = ([status, body]: Answer) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${options.token}`) return reply([401, { message: 'Unauthorized' }]);
    let text = '';
    for await (const chunk of request) text += String(chunk);
    let body: Json = {};
    try {
      body = text === '' ? {} : (JSON.parse(text) as Json);
    } catch {
      return reply([400, { message: 'bad request data' }]);
    }
    for (const route of routes) {
      const match = route.method === request.method ? route.path.exec(path) : null;
      if (match) return reply(route.answer(match, body));
    }
    reply([404, { message: 'Not found' }]);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dataSources,
    folders,
    dashboards,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
