// Test helper: a loopback proxy in front of moto's Glue that rejects an UpdateTable whose VersionId is no longer the
// table's with ConcurrentModificationException, as AWS Glue does. moto 5.2.1 applies a stale VersionId (its test
// proves it), so without this proxy the catalog's optimistic concurrency could not be exercised on loopback.
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GlueVersionGuard {
  /** Point the Glue client here instead of at moto. */
  readonly endpoint: string;
  /** UpdateTable calls rejected for a stale VersionId so far. */
  readonly rejectedUpdates: number;
  stop(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

interface UpdateTableRequest {
  readonly CatalogId?: string;
  readonly DatabaseName?: string;
  readonly VersionId?: string;
  readonly TableInput?: { readonly Name?: string };
}

export async function startGlueVersionGuard(upstream: string): Promise<GlueVersionGuard> {
  const target = new URL(upstream);
  let rejectedUpdates = 0;
  // UpdateTable calls run one at a time, so the version check and the update are one atomic step, as in Glue.
  let updates: Promise<unknown> = Promise.resolve();
  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const result = updates.then(run);
    updates = result.catch(() => undefined);
    return result;
  };

  const forward = (incoming: IncomingMessage, headers: IncomingHttpHeaders, body: Buffer): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const { 'transfer-encoding': _chunked, ...rest } = headers;
      const outgoing = request(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...rest, host: target.host, 'content-length': String(body.length) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const updateTable = async (incoming: IncomingMessage, body: Buffer): Promise<Reply> => {
    const update = JSON.parse(body.toString('utf8')) as UpdateTableRequest;
    if (update.VersionId !== undefined) {
      const lookup = Buffer.from(JSON.stringify({ CatalogId: update.CatalogId, DatabaseName: update.DatabaseName, Name: update.TableInput?.Name }));
      const current = await forward(incoming, { ...incoming.headers, 'x-amz-target': 'AWSGlue.GetTable' }, lookup);
      // A failed lookup (no such table…) is left for moto to answer on the update itself.
      const version = current.status === 200 ? (JSON.parse(current.body.toString('utf8')) as { Table?: { VersionId?: string } }).Table?.VersionId : update.VersionId;
      if (version !== update.VersionId) {
        rejectedUpdates += 1;
        const message = `UpdateTable of ${update.DatabaseName}.${update.TableInput?.Name} names version ${update.VersionId}, but the table is at version ${version}`;
        return {
          status: 400,
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ConcurrentModificationException' },
          body: Buffer.from(JSON.stringify({ __type: 'ConcurrentModificationException', Message: message })),
        };
      }
    }
    return forward(incoming, incoming.headers, body);
  };

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const reply = incoming.headers['x-amz-target'] === 'AWSGlue.UpdateTable' ? serially(() => updateTable(incoming, body)) : forward(incoming, incoming.headers, body);
      reply.then(
        ({ status, headers, body: replyBody }) => {
          const { 'transfer-encoding': _chunked, connection: _connection, ...rest } = headers;
          outgoing.writeHead(status, { ...rest, 'content-length': String(replyBody.length) }).end(replyBody);
        },
        (error: Error) => outgoing.writeHead(502, { 'content-type': 'text/plain' }).end(`glue version guard: ${error.message}`),
      );
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get rejectedUpdates() {
      return rejectedUpdates;
    },
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
