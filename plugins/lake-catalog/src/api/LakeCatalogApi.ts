// The frontend's view of the lake-catalog backend (/api/lake-catalog).
import { createApiRef, type DiscoveryApi, type FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { LakeTableDetails, LakeTableLiveStatus, LakeTableSummary } from '@datamaster/plugin-lake-catalog-common';

export interface LakeOverview {
  readonly lake: string;
  readonly tables: readonly LakeTableSummary[];
}

export interface LakeCatalogApi {
  /** Every lake table the caller may read, with its status. */
  overview(): Promise<LakeOverview>;
  /** What the manifest says about a table: schema, lineage, grants, sample queries. */
  table(ref: string): Promise<LakeTableDetails>;
  /** What the ledger, Step Functions and the catalog say about it now. */
  status(ref: string): Promise<LakeTableLiveStatus>;
}

export const lakeCatalogApiRef = createApiRef<LakeCatalogApi>({ id: 'plugin.lake-catalog.service' });

export class LakeCatalogClient implements LakeCatalogApi {
  constructor(private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {}

  overview(): Promise<LakeOverview> {
    return this.get('/tables');
  }

  table(ref: string): Promise<LakeTableDetails> {
    return this.get(`/tables/${encodeURIComponent(ref)}`);
  }

  status(ref: string): Promise<LakeTableLiveStatus> {
    return this.get(`/tables/${encodeURIComponent(ref)}/status`);
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('lake-catalog');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
