import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService, EntityProviderConnection, DeferredEntity } from '@backstage/plugin-catalog-node';
import { ManifestError } from '@datamaster/lake-manifest';
import { fixtureManifest } from '@datamaster/lake-manifest/testing';
import type { ManifestSource } from '@datamaster/plugin-lake-catalog-node';
import { ownerGroups } from './lake-entities';
import { LakeEntityProvider } from './lake-entity-provider';

const LOCATION = 'file:/lake/manifest';

function recordingConnection() {
  const mutations: DeferredEntity[][] = [];
  const connection: EntityProviderConnection = {
    applyMutation: async (mutation) => {
      if (mutation.type === 'full') mutations.push(mutation.entities);
    },
    refresh: async () => undefined,
  };
  return { connection, mutations };
}

function group(name: string, location: string): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name, namespace: 'default', annotations: { 'backstage.io/managed-by-location': location } }, spec: { type: 'team', children: [] } };
}

function catalogWith(groups: Entity[]) {
  const service = { getEntities: async () => ({ items: groups }) } as unknown as CatalogService;
  return { service, auth: mockServices.auth() };
}

function sourceOf(...reads: (Awaited<ReturnType<ManifestSource['read']>> | Error)[]): ManifestSource {
  return {
    location: LOCATION,
    read: async () => {
      const next = reads.shift();
      if (next === undefined) throw new Error('no more reads');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const groupsIn = (entities: readonly DeferredEntity[]) => entities.filter((e) => e.entity.kind === 'Group').map((e) => e.entity.metadata.name);

describe('LakeEntityProvider', () => {
  const manifest = fixtureManifest();

  async function connected(source: ManifestSource, groups: Entity[] = []) {
    const provider = new LakeEntityProvider({ source, schedule: { run: async () => undefined }, logger: mockServices.logger.mock(), addOwnerGroups: catalogWith(groups) });
    const { connection, mutations } = recordingConnection();
    await provider.connect(connection);
    return { provider, mutations };
  }

  it('applies the manifest as one full mutation, every entity under the manifest location', async () => {
    const { provider, mutations } = await connected(sourceOf({ manifest }));
    expect(await provider.refresh()).toBeGreaterThan(manifest.tables.length);
    expect(mutations).toHaveLength(1);
    expect(new Set(mutations[0]?.map((e) => e.locationKey))).toEqual(new Set([LOCATION]));
    expect(mutations[0]?.map((e) => e.entity.metadata.name)).toContain('gold.revenue_by_country');
  });

  it('adds an owner group only when no other source declares it; its own groups from earlier runs do not count', async () => {
    const owners = ownerGroups(manifest).map((ref) => ref.replace('group:default/', ''));
    expect(owners).toContain('data-platform');
    const { provider, mutations } = await connected(sourceOf({ manifest }), [group('data-platform', LOCATION)]);
    await provider.refresh();
    expect(groupsIn(mutations[0] ?? [])).toEqual(owners);

    const elsewhere = await connected(sourceOf({ manifest }), [group('data-platform', 'url:https://github.com/acme/org/blob/main/org.yaml')]);
    await elsewhere.provider.refresh();
    expect(groupsIn(elsewhere.mutations[0] ?? [])).toEqual(owners.filter((o) => o !== 'data-platform'));
  });

  it('changes nothing when the manifest is unchanged or invalid: the catalog keeps the last good entities', async () => {
    const invalid = new ManifestError([{ file: 'tables/lake.json', path: 'owner', message: 'expected a Backstage group ref' }]);
    const { provider, mutations } = await connected(sourceOf({ manifest, etag: 'a' }, 'unchanged', invalid));
    await provider.refresh();
    expect(await provider.refresh()).toBe(0);
    await expect(provider.refresh()).rejects.toThrow(/tables\/lake.json at owner: expected a Backstage group ref/);
    expect(mutations).toHaveLength(1);
  });

  it('logs a failed scheduled refresh with the manifest location instead of failing the catalog', async () => {
    const logger = mockServices.logger.mock();
    let task: (() => Promise<void>) | undefined;
    const provider = new LakeEntityProvider({ source: sourceOf(new Error('repository unreachable')), schedule: { run: async ({ fn }) => void (task = fn as () => Promise<void>) }, logger });
    await provider.connect(recordingConnection().connection);
    await task?.();
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(/^Lake manifest at file:\/lake\/manifest not applied to the catalog; .*repository unreachable/));
  });
});
