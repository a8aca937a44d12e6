// The Backstage configuration `datamaster portal` writes for the dev backend: the port, and every lake
// setting the plugins need, taken from the lake home and the services this command started for it.
export interface PortalLake {
  readonly port: number;
  /** The manifest folder the command runs (tables/ and transforms/). */
  readonly manifestDir: string;
  readonly ledger: { readonly endpoint: string; readonly tableName: string };
  readonly stepFunctionsEndpoint: string;
  readonly catalogPath: string;
  /** The warehouse root as a file:// URI. */
  readonly warehouse: string;
  /** The lake home's OpenLineage run events (lineage/): the observed lineage beside the declared one. */
  readonly lineageDir: string;
}

export function portalConfig(lake: PortalLake): Record<string, unknown> {
  const baseUrl = `http://localhost:${lake.port}`;
  return {
    app: { baseUrl },
    backend: { baseUrl, listen: { port: lake.port, host: '127.0.0.1' }, cors: { origin: baseUrl } },
    lakeCatalog: {
      manifest: { path: lake.manifestDir },
      ledger: { tableName: lake.ledger.tableName, endpoint: lake.ledger.endpoint },
      stepFunctions: { endpoint: lake.stepFunctionsEndpoint },
      iceberg: { sqlite: { path: lake.catalogPath, warehouse: lake.warehouse } },
      lineage: { directory: lake.lineageDir },
      // The catalog follows a changed manifest within seconds, instead of a portal's default of 30 minutes.
      refresh: { frequency: { seconds: 10 }, timeout: { minutes: 1 } },
      // A dev portal has no organisation provider: the owner groups come from the manifest.
      addOwnerGroups: true,
    },
  };
}
