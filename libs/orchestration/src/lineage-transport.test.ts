import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpLineageSink, LineageEndpointError } from './lineage-transport.js';

const received: { path: string; auth?: string; body: unknown }[] = [];
let status = 201;
const server = createServer((request, response) => {
  let text = '';
  request.on('data', (chunk) => (text += chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', auth: request.headers.authorization, body: JSON.parse(text) });
    response.writeHead(status).end(status === 201 ? '' : 'no such namespace');
  });
});
let url: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the OpenLineage HTTP transport', () => {
  it('POSTs each event to <url>/api/v1/lineage with the API key as a bearer token', async () => {
    await httpLineageSink(url, 'key-1')({ eventType: 'START' });
    expect(received.at(-1)).toEqual({ path: '/api/v1/lineage', auth: 'Bearer key-1', body: { eventType: 'START' } });
  });

  it('names the endpoint and its answer when it refuses an event', async () => {
    status = 400;
    const sent = httpLineageSink(url)({ eventType: 'COMPLETE' });
    await expect(sent).rejects.toThrow(LineageEndpointError);
    await expect(httpLineageSink(url)({ eventType: 'COMPLETE' })).rejects.toThrow(`The OpenLineage endpoint ${url}api/v1/lineage answered 400: no such namespace`);
  });
});
