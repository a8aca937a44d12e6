// The OpenLineage HTTP transport, as the OpenLineage clients implement it: each run event POSTed to
// `<url>/api/v1/lineage` (Marquez, a catalog's OpenLineage API), an API key as a bearer token. Used by the local
// platform and by the deployed workers when OPENLINEAGE_URL is set.
import type { LineageSink } from '@datamaster/lake-contract';

/** The variables that configure the transport: the endpoint, and optionally its API key. */
export const OPENLINEAGE_URL_VARIABLE = 'OPENLINEAGE_URL';
export const OPENLINEAGE_API_KEY_VARIABLE = 'OPENLINEAGE_API_KEY';

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

/** The HTTP transport the environment configures, if any. */
export function lineageEndpointSink(env: NodeJS.ProcessEnv): LineageSink | undefined {
  const url = env[OPENLINEAGE_URL_VARIABLE];
  return url === undefined || url === '' ? undefined : httpLineageSink(url, env[OPENLINEAGE_API_KEY_VARIABLE]);
}

/** The sink, followed by the environment's HTTP transport when one is configured. */
export function withLineageEndpoint(sink: LineageSink, env: NodeJS.ProcessEnv): LineageSink {
  const endpoint = lineageEndpointSink(env);
  return endpoint === undefined ? sink : allLineageSinks([sink, endpoint]);
}
