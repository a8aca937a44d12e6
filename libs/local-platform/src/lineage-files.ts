// The platform's OpenLineage run events on one machine: JSON lines under the lake home (`lineage/YYYY-MM-DD.ndjson`,
// one append per event), and also POSTed to an OpenLineage endpoint (Marquez, a catalog's API) when
// OPENLINEAGE_URL is set, as the OpenLineage HTTP transport does (`<url>/api/v1/lineage`, OPENLINEAGE_API_KEY as a
// bearer token).
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LineageSink } from '@datamaster/lake-contract';

export function fileLineageSink(dir: string): LineageSink {
  let made: Promise<unknown> | undefined;
  return async (event) => {
    made ??= mkdir(dir, { recursive: true });
    await made;
    await appendFile(join(dir, `${String(event['eventTime']).slice(0, 10)}.ndjson`), `${JSON.stringify(event)}\n`);
  };
}

export class LineageEndpointError extends Error {
  override readonly name = 'LineageEndpointError';
}

/** POSTs each event to `<url>/api/v1/lineage`; a refusal is an error naming the endpoint and its answer. */
export function httpLineageSink(url: string, apiKey?: string): LineageSink {
  const endpoint = `${url.replace(/\/+$/, '')}/api/v1/lineage`;
  return async (event) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) },
      body: JSON.stringify(event),
    });
    if (!response.ok) throw new LineageEndpointError(`The OpenLineage endpoint ${endpoint} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  };
}

/** Every sink in turn: the file first, so the event is kept even when the endpoint is down. */
export function allLineageSinks(sinks: readonly LineageSink[]): LineageSink {
  return async (event) => {
    for (const sink of sinks) await sink(event);
  };
}
