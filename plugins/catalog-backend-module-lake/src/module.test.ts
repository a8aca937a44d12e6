// The module inside a real catalog backend: the catalog processes and stitches what the provider emits, so the
// standard API answers with the lake's entities and their dependsOn relations.
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { FIXTURE_MANIFEST_ROOT } from '@datamaster/lake-manifest/testing';
import request from 'supertest';
import catalogModuleLake from './index';

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not there after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('catalog.lake module', () => {
  it('puts every table of the configured manifest into the catalog, with lineage as dependsOn', async () => {
    const backend = await startTestBackend({
      features: [
        catalogBackend,
        catalogModuleLake,
        mockServices.rootConfig.factory({ data: { lakeCatalog: { manifest: { path: FIXTURE_MANIFEST_ROOT }, addOwnerGroups: true }, catalog: { processingInterval: { seconds: 1 } } } }),
      ],
    });
    try {
      const entity = async (kind: string, name: string) => {
        const response = await request(backend.server).get(`/api/catalog/entities/by-name/${kind}/default/${name}`);
        return response.status === 200 && (response.body as Entity).relations !== undefined && (response.body as Entity).relations!.length > 0 ? (response.body as Entity) : undefined;
      };
      const gold = await eventually(() => entity('resource', 'gold.revenue_by_country'));
      expect(gold.spec).toMatchObject({ type: 'lake-table', system: 'fixture' });
      expect(gold.relations).toEqual(expect.arrayContaining([{ type: 'dependsOn', targetRef: 'resource:default/silver.purchase_flat' }]));
      const flat = await eventually(() => entity('resource', 'silver.purchase_flat'));
      expect(flat.relations).toEqual(expect.arrayContaining([{ type: 'dependencyOf', targetRef: 'resource:default/gold.revenue_by_country' }]));
      expect((await eventually(() => entity('system', 'fixture'))).spec).toMatchObject({ owner: 'group:default/data-platform' });
      expect(await eventually(() => entity('group', 'shop'))).toBeDefined();
    } finally {
      await backend.stop();
    }
  });
});
